-- Kinesis Data Streams destinations of a table (EnableKinesisStreamingDestination): status as DynamoDB shows it,
-- the timestamp precision of the records, and how far the relay has delivered the table's changes to the stream.
create table kinesis_destination (
    table_id           bigint      not null references ddb_table (id) on delete cascade,
    stream_arn         text        not null,
    status             text        not null,
    status_description text,
    time_precision     text        not null,
    delivered          bigint      not null,
    updated_at         timestamptz not null,
    primary key (table_id, stream_arn)
);

-- Item changes of a table streaming to Kinesis, written in the transaction of the change (independently of
-- DynamoDB Streams); the relay delivers them in id order, which is commit order per table, and deletes them once
-- every destination has them.
create table kinesis_change (
    id            bigserial   primary key,
    table_id      bigint      not null references ddb_table (id) on delete cascade,
    event_name    text        not null,
    keys          text        not null,
    new_image     text,
    old_image     text,
    size_bytes    integer     not null,
    created_at    timestamptz not null,
    user_identity text
);
create index kinesis_change_by_table on kinesis_change (table_id, id);

-- whether item writes of the table record a kinesis_change (a destination is ENABLING, ACTIVE or UPDATING)
alter table ddb_table add column kinesis_streaming boolean not null default false;
