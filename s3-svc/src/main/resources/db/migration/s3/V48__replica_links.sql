-- Where replication put each version: its replica's bucket, key and version id (as the destination answered) and the
-- source version, so that a metadata change of the replica (tags, ACL) can go back to its source when the replica's
-- bucket has a rule with ReplicaModifications Enabled. sync_pending marks a replica changed since it was carried.
create table replica_link (
    replica_bucket  text    not null,
    key             text    not null,
    replica_version text    not null,
    source_bucket   text    not null,
    source_version  text    not null,
    sync_pending    boolean not null default false,
    primary key (replica_bucket, key, replica_version)
);
create index replica_link_pending on replica_link (replica_bucket) where sync_pending;
