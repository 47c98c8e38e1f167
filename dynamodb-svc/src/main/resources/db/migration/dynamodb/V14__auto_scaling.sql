-- Provisioned capacity auto scaling of a table ('' as index_name) or GSI, reads or writes (dimension R or W), with its
-- target-tracking policy and what the scaler last did (for the cool-downs and DynamoDB's decreases-per-day rule).
create table autoscaling_setting (
    table_id           bigint           not null references ddb_table (id) on delete cascade,
    index_name         text             not null,
    dimension          text             not null,
    min_units          bigint           not null,
    max_units          bigint           not null,
    disabled           boolean          not null,
    role_arn           text,
    policy_name        text,
    target_value       double precision,
    scale_in_cooldown  integer,
    scale_out_cooldown integer,
    disable_scale_in   boolean          not null default false,
    last_scaled_at     timestamptz,
    last_decrease_at   timestamptz,
    primary key (table_id, index_name, dimension)
);

-- Capacity consumed by the tables that scale, as measured by each service process and written every few seconds.
create table consumed_capacity (
    table_id   bigint           not null references ddb_table (id) on delete cascade,
    index_name text             not null,
    dimension  text             not null,
    at         timestamptz      not null,
    units      double precision not null
);
create index consumed_capacity_by_table on consumed_capacity (table_id, index_name, dimension, at);
