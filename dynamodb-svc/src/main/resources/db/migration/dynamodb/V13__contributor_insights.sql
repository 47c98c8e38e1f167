-- Contributor Insights settings of a table ('' as index_name) or of one of its GSIs.
create table contributor_insights (
    table_id   bigint      not null references ddb_table (id) on delete cascade,
    index_name text        not null,
    enabled    boolean     not null,
    mode       text        not null,
    rule_stamp bigint      not null,
    updated_at timestamptz not null,
    primary key (table_id, index_name)
);
