-- Server access logging: a bucket's configuration (the LoggingEnabled shape as JSON), and the records of requests on
-- logged buckets, appended after each answer and deleted once delivered as a log object to the target bucket
create table bucket_logging (
    bucket        text primary key references bucket (name) on delete cascade,
    configuration text not null
);

create table access_log_record (
    id            bigserial   primary key,
    source_bucket text        not null,
    source_account text       not null,
    source_region text        not null,
    target_bucket text        not null,
    target_prefix text        not null,
    key_format    text        not null,
    event_time    timestamptz not null,
    line          text        not null
);
create index access_log_record_source on access_log_record (source_bucket, id);
