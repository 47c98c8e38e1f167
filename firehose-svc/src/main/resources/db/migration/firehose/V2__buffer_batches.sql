-- the buffer holds one row per put (a PutRecordBatch's records, or a Kinesis GetRecords page) instead of one row per
-- record: a put is one insert of one row, and what the delivery worker asks of the buffer (how full, how old) reads a
-- row per batch, never the records' bytes. A record is acknowledged once its batch row has committed.
create table buffered_batch (
    seq         bigserial   primary key,
    stream_id   bigint      not null references delivery_stream (id) on delete cascade,
    arrived_at  timestamptz not null,
    -- how many records the batch holds and their bytes (without the framing)
    records     int         not null,
    bytes       bigint      not null,
    -- records (and their bytes) from the batch's start already delivered: a delivery of SizeInMBs may end inside a batch
    taken       int         not null default 0,
    taken_bytes bigint      not null default 0,
    -- the records in order, each a 4-byte big-endian length and its bytes
    data        bytea       not null
);
-- out of line and uncompressed: the data is read only by a delivery, and compressing it on every put costs more CPU
-- than the disk it saves
alter table buffered_batch alter column data set storage external;
create index buffered_batch_stream on buffered_batch (stream_id, seq);

-- what an older version buffered, each record a batch of its own, in its order
insert into buffered_batch (stream_id, arrived_at, records, bytes, data)
select stream_id, arrived_at, 1, octet_length(data), int4send(octet_length(data)) || data
from buffered_record order by seq;

drop table buffered_record;

-- when the destination's deliveries began to fail (RetryOptions' window counts from there): kept across a restart
alter table delivery_stream add column failing_since timestamptz;
