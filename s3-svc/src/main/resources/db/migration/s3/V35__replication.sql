-- Replication. A bucket's configuration (the ReplicationConfiguration as sent, JSON; null: none) and the prefixes of
-- its enabled rules, which the put statement reads to mark a new version PENDING in its own insert.
alter table bucket add column replication text;
alter table bucket add column replication_prefixes text[];

-- A version's replication status: PENDING (to be copied), COMPLETED, FAILED on a source, REPLICA on a copy.
alter table object add column replication_status text;
alter table multipart_upload add column replication_status text;
create index object_replication_pending on object (id) where replication_status = 'PENDING';
