-- Resource-based policies (PutResourcePolicy) of tables and of their streams, by the resource's ARN; a table's go with it.
create table resource_policy (
    resource_arn text   primary key,
    table_id     bigint not null references ddb_table (id) on delete cascade,
    policy       text   not null,
    revision_id  text   not null
);
