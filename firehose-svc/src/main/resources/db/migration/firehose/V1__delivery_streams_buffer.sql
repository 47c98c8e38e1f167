-- delivery streams: the control row; the destination and source as the API describes them (JSON of the SDK shapes)
create table delivery_stream (
    id                  bigserial   primary key,
    account_id          text        not null,
    region              text        not null,
    name                text        not null,
    arn                 text        not null,
    stream_type         text        not null,
    created_at          timestamptz not null,
    ready_at            timestamptz not null,
    updated_at          timestamptz,
    version_id          bigint      not null default 1,
    source              text,
    destination         text        not null,
    encryption          text,
    encryption_ready_at timestamptz,
    failure             text,
    -- what a destination is configured with but never describes (an HTTP endpoint's access key)
    destination_secret  text,
    unique (account_id, region, name)
);

create table delivery_stream_tag (
    stream_id bigint not null references delivery_stream (id) on delete cascade,
    tag_key   text   not null,
    tag_value text   not null,
    primary key (stream_id, tag_key)
);

-- the buffer: a record is acknowledged only once its row has committed; delivered rows are deleted in the
-- transaction that records the delivery
create table buffered_record (
    seq        bigserial   primary key,
    stream_id  bigint      not null references delivery_stream (id) on delete cascade,
    arrived_at timestamptz not null,
    data       bytea       not null
);
create index buffered_record_stream on buffered_record (stream_id, seq);

-- a Kinesis source's position per shard: the last sequence number whose record is in the buffer
create table source_checkpoint (
    stream_id       bigint not null references delivery_stream (id) on delete cascade,
    shard_id        text   not null,
    sequence_number text   not null,
    primary key (stream_id, shard_id)
);

create table outbox (
    seq        bigserial   primary key,
    topic      text        not null,
    event_key  text        not null,
    event_id   text        not null,
    event      text        not null,
    created_at timestamptz not null default now()
);
