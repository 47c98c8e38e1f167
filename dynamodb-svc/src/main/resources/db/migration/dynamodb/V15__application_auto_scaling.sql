-- Application Auto Scaling: a row of autoscaling_setting is a scalable target (its minimum and maximum) with at most one
-- target-tracking policy; registered at created_at (which keys its ARN), with the target's tags.
alter table autoscaling_setting add column created_at timestamptz not null default now();
alter table autoscaling_setting add column tags text not null default '{}';

-- What the scaler did to a target (a capacity change, a scheduled action's new bounds), as DescribeScalingActivities
-- lists it.
create table autoscaling_activity (
    id          text        primary key,
    table_id    bigint      not null references ddb_table (id) on delete cascade,
    index_name  text        not null,
    dimension   text        not null,
    description text        not null,
    cause       text        not null,
    started_at  timestamptz not null,
    ended_at    timestamptz not null
);
create index autoscaling_activity_by_target on autoscaling_activity (table_id, index_name, dimension, started_at);

-- Scheduled actions of a scalable target: new bounds at a time (at), at a rate or by a cron schedule; next_run_at is
-- when the scaler runs it next (null: never again).
create table autoscaling_scheduled_action (
    table_id     bigint      not null references ddb_table (id) on delete cascade,
    index_name   text        not null,
    dimension    text        not null,
    name         text        not null,
    schedule     text        not null,
    timezone     text,
    start_time   timestamptz,
    end_time     timestamptz,
    min_capacity bigint,
    max_capacity bigint,
    created_at   timestamptz not null,
    next_run_at  timestamptz,
    primary key (table_id, index_name, dimension, name)
);
