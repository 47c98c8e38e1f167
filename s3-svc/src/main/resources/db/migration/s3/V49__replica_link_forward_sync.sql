-- A source version's metadata change (tags, ACL, Object Lock settings) still to be carried to its replica, as
-- sync_pending marks a replica's change still to be carried back to its source (replica modification sync). Set in the
-- change's transaction, cleared once the replica's bucket took it.
alter table replica_link add column forward_pending boolean not null default false;
create index replica_link_forward_pending on replica_link (source_bucket) where forward_pending;
-- the links of a source version, found when its metadata change is noted
create index replica_link_source on replica_link (source_bucket, key, source_version);
