-- Point-in-time recovery: while a table has PITR enabled, every item change also writes the item as it was before
-- the change (data null: the item did not exist), in the transaction of the change and stamped with that
-- transaction's time. The table as of time T is then, per key, the before-image of the first change after T, or the
-- current item when nothing changed after T; rows older than the recovery window are never needed and are pruned.
create table item_history (
    table_id   bigint      not null references ddb_table (id) on delete cascade,
    pk         bytea       not null,
    sk         bytea       not null,
    seq        bigserial   not null,
    changed_at timestamptz not null,
    size       integer,
    data       text,
    primary key (table_id, pk, sk, seq)
);
create index item_history_by_time on item_history (table_id, changed_at);
