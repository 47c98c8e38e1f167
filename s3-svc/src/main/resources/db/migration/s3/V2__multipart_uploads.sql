-- Chunks belong to a blob: the bytes of a single-part object (blob id = object id) or of one uploaded part
-- (its own id from the same sequence). A completed multipart object adopts its parts' blobs without copying a
-- byte, so chunks can no longer hang off the object row by a foreign key; the store deletes them explicitly
-- in the transaction that drops their owner.
alter table object_chunk drop constraint object_chunk_object_id_fkey;
alter table object_chunk rename column object_id to blob_id;

-- A multipart object: part_count parts, each a blob, laid end to end (object_part.start_offset).
alter table object add column part_count integer;

create table object_part (
    object_id    bigint  not null references object (id) on delete cascade,
    part_number  integer not null,
    start_offset bigint  not null,
    size         bigint  not null,
    blob_id      bigint  not null,
    chunk_size   integer not null,
    primary key (object_id, part_number)
);
create index object_part_by_offset on object_part (object_id, start_offset);

-- Uploads in progress, with what the completed object will carry besides its bytes.
create table multipart_upload (
    id                  text        primary key,
    bucket              text        not null references bucket (name),
    key                 text collate "C" not null,
    account_id          text        not null,
    initiated           timestamptz not null,
    content_type        text,
    content_encoding    text,
    content_disposition text,
    content_language    text,
    cache_control       text,
    expires             text,
    storage_class       text        not null default 'STANDARD',
    user_metadata       jsonb,
    checksum_algorithm  text
);
create index multipart_upload_by_key on multipart_upload (bucket, key, initiated, id);

create table upload_part (
    upload_id     text        not null references multipart_upload (id),
    part_number   integer     not null,
    blob_id       bigint      not null,
    size          bigint      not null,
    etag          text        not null,
    last_modified timestamptz not null,
    chunk_size    integer     not null,
    checksum      text,
    primary key (upload_id, part_number)
);
