-- A multipart object's part rows are deleted by the statement that deletes the object's row (with the blobs they hold
-- recorded as orphans in that statement too), no longer by an ON DELETE CASCADE foreign key: its trigger ran one query
-- per deleted object row, most objects having no parts, and was half of what a lifecycle batch of 1,000 expirations
-- cost the database.
alter table object_part drop constraint object_part_object_id_fkey;
