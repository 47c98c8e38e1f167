-- The target-tracking policies of a scalable target, several per target (each by its name); they leave
-- autoscaling_setting, which kept at most one.
create table autoscaling_policy (
    table_id           bigint           not null references ddb_table (id) on delete cascade,
    index_name         text             not null,
    dimension          text             not null,
    policy_name        text             not null,
    target_value       double precision not null,
    scale_in_cooldown  integer,
    scale_out_cooldown integer,
    disable_scale_in   boolean          not null default false,
    created_at         timestamptz      not null default now(),
    primary key (table_id, index_name, dimension, policy_name),
    foreign key (table_id, index_name, dimension)
        references autoscaling_setting (table_id, index_name, dimension) on delete cascade
);

insert into autoscaling_policy (table_id, index_name, dimension, policy_name, target_value, scale_in_cooldown,
                                scale_out_cooldown, disable_scale_in, created_at)
select table_id, index_name, dimension, policy_name, target_value, scale_in_cooldown, scale_out_cooldown,
       disable_scale_in, created_at
from autoscaling_setting where policy_name is not null and target_value is not null;

alter table autoscaling_setting drop column policy_name, drop column target_value, drop column scale_in_cooldown,
    drop column scale_out_cooldown, drop column disable_scale_in;
