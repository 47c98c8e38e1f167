-- The Data Catalog. A catalog is an account's (Glue's CatalogId) in a region.
create table databases (
    id          bigserial primary key,
    catalog_id  text not null,
    region      text not null,
    name        text not null,
    doc         jsonb not null,          -- the DatabaseInput as given
    created_at  timestamptz not null,
    unique (catalog_id, region, name)
);

create table tables (
    id           bigserial primary key,
    database_id  bigint not null references databases (id) on delete cascade,
    name         text not null,
    version_id   bigint not null,        -- the current version
    doc          jsonb not null,         -- the current TableInput
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    unique (database_id, name)
);

-- every version of a table, the current one included (GetTableVersions)
create table table_versions (
    table_id    bigint not null references tables (id) on delete cascade,
    version_id  bigint not null,
    doc         jsonb not null,
    updated_at  timestamptz not null,
    primary key (table_id, version_id)
);

create table partitions (
    id          bigserial primary key,
    table_id    bigint not null references tables (id) on delete cascade,
    vals        text[] not null,
    doc         jsonb not null,          -- the PartitionInput
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    unique (table_id, vals)
);

-- one row per partition key value, so that a GetPartitions expression is answered by these indexes
create table partition_values (
    partition_id  bigint not null references partitions (id) on delete cascade,
    table_id      bigint not null,
    key_index     int not null,
    str           text not null,
    num           numeric,                -- the value as a number, when it is one
    primary key (partition_id, key_index)
);
create index partition_values_str on partition_values (table_id, key_index, str);
create index partition_values_num on partition_values (table_id, key_index, num);

create table partition_indexes (
    table_id    bigint not null references tables (id) on delete cascade,
    name        text not null,
    keys        text[] not null,
    status      text not null,
    created_at  timestamptz not null,
    primary key (table_id, name)
);

-- column statistics of a table (partition_id 0) or of a partition
create table column_statistics (
    table_id      bigint not null references tables (id) on delete cascade,
    partition_id  bigint not null,
    column_name   text not null,
    doc           jsonb not null,
    primary key (table_id, partition_id, column_name)
);

-- the other named resources of a catalog, region and kind (connections, functions "db.name", crawlers, classifiers,
-- jobs, triggers, workflows, registries, schemas "registry/schema", resource policies, security configurations),
-- each stored as its model document
create table resources (
    catalog_id  text not null,
    region      text not null,
    kind        text not null,
    name        text not null,
    doc         jsonb not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint not null default 1,
    primary key (catalog_id, region, kind, name)
);
