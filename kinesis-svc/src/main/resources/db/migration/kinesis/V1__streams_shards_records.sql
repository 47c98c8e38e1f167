-- Streams: one row per stream, scoped by account and region. The status is derived: CREATING until ready_at,
-- then ACTIVE. A deleted stream's rows go (shards and records cascade), so a new stream of the same name is a
-- new stream (new id, new sequence numbers).
create table stream (
    id               bigserial   primary key,
    account_id       text        not null,
    region           text        not null,
    name             text        not null,
    mode             text        not null,            -- PROVISIONED | ON_DEMAND
    retention_hours  integer     not null default 24,
    encryption_type  text        not null default 'NONE',
    key_id           text,
    created_at       timestamptz not null,
    ready_at         timestamptz not null,
    next_shard_index integer     not null             -- the index the next shard (split, merge, scaling) gets
);
create unique index stream_by_name on stream (account_id, region, name);

create table stream_tag (
    stream_id bigint not null references stream (id) on delete cascade,
    key       text   not null,
    value     text   not null,
    primary key (stream_id, key)
);

-- Shards: shardId-<12 digits of shard_index>. Open shards' hash-key ranges partition 0 … 2^128-1; a closed shard
-- (closed_at set, by a split, a merge or a scaling) keeps its records and gets its ending sequence number; children
-- name their parents. last_counter is the counter of the shard's latest record: a writer takes it under the row
-- lock, so one shard's records commit in counter order and a reader never sees a later one before an earlier one.
create table shard (
    stream_id             bigint         not null references stream (id) on delete cascade,
    shard_index           integer        not null,
    starting_hash_key     numeric(39, 0) not null,
    ending_hash_key       numeric(39, 0) not null,
    parent_index          integer,
    adjacent_parent_index integer,
    starting_counter      bigint         not null,
    ending_counter        bigint,
    last_counter          bigint         not null,
    created_at            timestamptz    not null,
    closed_at             timestamptz,
    primary key (stream_id, shard_index)
);

-- Records, in the transaction of their PutRecord/PutRecords. The counter (with the shard and the stream) makes
-- the sequence number; it is at least the microseconds since the epoch of the write, so sequence numbers also
-- order records across shards by time.
create table record (
    stream_id     bigint      not null,
    shard_index   integer     not null,
    counter       bigint      not null,
    partition_key text        not null,
    hash_key      numeric(39, 0) not null,
    data          bytea       not null,
    arrived_at    timestamptz not null,
    primary key (stream_id, shard_index, counter),
    foreign key (stream_id, shard_index) references shard (stream_id, shard_index) on delete cascade
);
create index record_by_arrival on record (stream_id, shard_index, arrived_at);
