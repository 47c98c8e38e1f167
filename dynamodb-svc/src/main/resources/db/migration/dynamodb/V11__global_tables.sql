-- Global tables (version 2019.11.21): each replica is a table of the same account and name in another region, its
-- description listing the other replicas. When each item of a replica was last written (and in which region), for
-- last-writer-wins between replicas.
create table replica_item_version (
    table_id   bigint      not null references ddb_table (id) on delete cascade,
    pk         bytea       not null,
    sk         bytea       not null,
    written_at timestamptz not null,
    region     text        not null,
    primary key (table_id, pk, sk)
);

-- Changes of EVENTUAL global tables still to apply to another replica: written in the transaction of the change, one
-- row per other replica, applied (if newer than what that replica holds) and deleted by the replication job.
create table replica_change (
    seq           bigserial   primary key,
    account_id    text        not null,
    name          text        not null,
    source_region text        not null,
    target_region text        not null,
    pk            bytea       not null,
    sk            bytea       not null,
    data          text,
    written_at    timestamptz not null
);
