-- Buckets: one global namespace (as on AWS), each owned by an account and placed in a region.
create table bucket (
    name                text primary key,
    account_id          text        not null,
    region              text        not null,
    created_at          timestamptz not null,
    object_ownership    text,
    object_lock_enabled boolean     not null default false
);
create index bucket_by_account on bucket (account_id, name);

-- Objects: keys compare by UTF-8 bytes (collation "C"), as S3 lists them. Small bodies live inline;
-- larger ones in object_chunk rows of a fixed size, written and read as streams.
create table object (
    id                  bigserial   primary key,
    bucket              text        not null references bucket (name),
    key                 text collate "C" not null,
    size                bigint      not null,
    etag                text        not null,
    last_modified       timestamptz not null,
    content_type        text,
    content_encoding    text,
    content_disposition text,
    content_language    text,
    cache_control       text,
    expires             text,
    storage_class       text        not null default 'STANDARD',
    user_metadata       jsonb,
    chunk_size          integer     not null,
    chunk_count         integer     not null,
    inline_data         bytea
);
create unique index object_by_key on object (bucket, key);

create table object_chunk (
    object_id bigint  not null references object (id) on delete cascade deferrable initially deferred,
    seq       integer not null,
    data      bytea   not null,
    primary key (object_id, seq)
);

-- Object bytes are mostly incompressible: skip PostgreSQL's compression attempt.
alter table object alter column inline_data set storage external;
alter table object_chunk alter column data set storage external;
