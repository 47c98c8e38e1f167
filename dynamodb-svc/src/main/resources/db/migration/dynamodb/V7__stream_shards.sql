-- DynamoDB Streams shards. A stream starts with one shard covering the whole key-hash range (0 .. 2^63-1, from the
-- MD5 of an item's partition key); an open shard is closed after four hours (its child takes the same range) or once
-- it has taken overcast.dynamodb.stream-split-records records (two children take the halves of its range), as a
-- table partition of DynamoDB splits as it grows. Sequence numbers come from stream_record's sequence: a shard's
-- starting sequence number is drawn when it opens, its ending one is its last record's when it closes.
create table stream_shard (
    ord             bigserial   primary key,
    stream_arn      text        not null,
    shard_id        text        not null,
    parent_shard_id text,
    hash_start      bigint      not null,
    hash_end        bigint      not null,
    starting_seq    bigint      not null,
    ending_seq      bigint,
    records         bigint      not null default 0,
    created_at      timestamptz not null,
    closed_at       timestamptz
);
create unique index stream_shard_by_id on stream_shard (stream_arn, shard_id);
create index stream_shard_open on stream_shard (stream_arn, hash_start) where closed_at is null;

-- the records written before shards existed become their stream's first shard, under the id it was shown with
alter table stream_record add column shard_id text;
insert into stream_shard (stream_arn, shard_id, hash_start, hash_end, starting_seq, records, created_at)
select stream_arn, 'shardId-00000001-' || left(regexp_replace(split_part(stream_arn, '/stream/', 2), '[^0-9]', '', 'g'), 13),
       0, 9223372036854775807, min(seq), count(*), now()
from stream_record group by stream_arn;
update stream_record r set shard_id = s.shard_id from stream_shard s where s.stream_arn = r.stream_arn;
alter table stream_record alter column shard_id set not null;
drop index stream_record_by_stream;
create index stream_record_by_shard on stream_record (stream_arn, shard_id, seq);
