-- EnableEnhancedMonitoring's shard-level metrics of a stream, and the resource policies of streams and consumers.
alter table stream add column shard_level_metrics text[] not null default '{}';
alter table stream add column resource_policy text;
alter table consumer add column resource_policy text;
