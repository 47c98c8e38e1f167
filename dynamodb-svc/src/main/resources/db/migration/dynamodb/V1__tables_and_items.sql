-- Tables: one row per table, scoped by account and region. The description is the TableDescription as
-- DynamoDB returns it (JSON, the SDK's wire form); the status it shows is derived from ready_at.
create table ddb_table (
    id          bigserial   primary key,
    account_id  text        not null,
    region      text        not null,
    name        text        not null,
    description text        not null,
    tags        text        not null default '{}',
    created_at  timestamptz not null,
    ready_at    timestamptz not null,
    ttl_attribute text
);
create unique index ddb_table_by_name on ddb_table (account_id, region, name);

-- Items: the key in a byte-comparable encoding (N ordered numerically, S by UTF-8 bytes, B unsigned), so that
-- PostgreSQL's bytea order is DynamoDB's order and a Query is one range scan of the primary key.
create table item (
    table_id bigint  not null references ddb_table (id) on delete cascade,
    pk       bytea   not null,
    sk       bytea   not null,
    size     integer not null,
    data     text    not null,
    primary key (table_id, pk, sk)
);

-- Secondary index entries, maintained in the same transaction as the item write.
create table index_entry (
    table_id   bigint not null references ddb_table (id) on delete cascade,
    index_name text   not null,
    ipk        bytea  not null,
    isk        bytea  not null,
    pk         bytea  not null,
    sk         bytea  not null,
    primary key (table_id, index_name, ipk, isk, pk, sk)
);
create index index_entry_by_item on index_entry (table_id, pk, sk);

-- Idempotency of TransactWriteItems (ClientRequestToken, 10 minutes).
create table transaction_token (
    account_id  text        not null,
    region      text        not null,
    token       text        not null,
    fingerprint text        not null,
    created_at  timestamptz not null,
    primary key (account_id, region, token)
);

-- Stream records, written in the transaction of the item change; the sequence number orders them.
create table stream_record (
    seq         bigserial   primary key,
    stream_arn  text        not null,
    event_name  text        not null,
    keys        text        not null,
    new_image   text,
    old_image   text,
    size_bytes  integer     not null,
    created_at  timestamptz not null,
    user_identity text
);
create index stream_record_by_stream on stream_record (stream_arn, seq);
