-- What a stream's capacity went through, for AWS's rolling 24-hour limits: UpdateShardCount calls ('SHARD_COUNT', at most
-- ten a stream) and capacity mode switches ('MODE', at most two a stream).
create table stream_change (
    stream_id bigint      not null references stream (id) on delete cascade,
    kind      text        not null,
    at        timestamptz not null
);
create index stream_change_by_stream on stream_change (stream_id, kind, at);

-- UpdateMaxRecordSize / CreateStream MaxRecordSizeInKiB: the largest record the stream takes, 1024 to 10240 KiB.
alter table stream add column max_record_size_kib integer not null default 1024;

-- Tags of enhanced fan-out consumers (RegisterStreamConsumer Tags, TagResource on a consumer ARN). A consumer registered
-- again under a name is a new consumer: its predecessor's row goes, and its tags with it.
create table consumer_tag (
    stream_id     bigint not null,
    consumer_name text   not null,
    key           text   not null,
    value         text   not null,
    primary key (stream_id, consumer_name, key),
    foreign key (stream_id, consumer_name) references consumer (stream_id, name) on delete cascade
);
