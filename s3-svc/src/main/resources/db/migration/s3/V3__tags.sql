-- Tags: an object's (at most 10 pairs) travel with its row, and with an upload until it completes; a bucket's
-- (at most 50) with the bucket row. Null: no tag set.
alter table object add column tags jsonb;
alter table multipart_upload add column tags jsonb;
alter table bucket add column tags jsonb;
