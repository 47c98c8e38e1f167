-- Global secondary indexes that UpdateTable created and that are still being backfilled from the table's items, with
-- the key of the last item indexed (items are indexed in key order, a batch per transaction, resuming after a restart).
create table index_backfill (
    table_id   bigint not null references ddb_table (id) on delete cascade,
    index_name text   not null,
    after_pk   bytea  not null default '',
    after_sk   bytea  not null default '',
    primary key (table_id, index_name)
);
