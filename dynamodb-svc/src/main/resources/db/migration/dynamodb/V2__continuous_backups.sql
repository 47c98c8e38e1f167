-- Point-in-time recovery settings of a table (the status; restores are not implemented yet).
alter table ddb_table add column pitr_enabled_at timestamptz;
alter table ddb_table add column pitr_recovery_days integer;
