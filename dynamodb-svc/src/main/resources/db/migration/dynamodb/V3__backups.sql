-- On-demand backups: the table's description and a copy of its items at the time of the backup.
create table backup (
    arn          text        primary key,
    account_id   text        not null,
    region       text        not null,
    name         text        not null,
    table_name   text        not null,
    table_arn    text        not null,
    table_id     text        not null,
    description  text        not null,
    created_at   timestamptz not null,
    size_bytes   bigint      not null,
    item_count   bigint      not null
);
create index backup_by_account on backup (account_id, region, table_name, created_at);

create table backup_item (
    backup_arn text    not null references backup (arn) on delete cascade,
    pk         bytea   not null,
    sk         bytea   not null,
    size       integer not null,
    data       text    not null,
    primary key (backup_arn, pk, sk)
);
