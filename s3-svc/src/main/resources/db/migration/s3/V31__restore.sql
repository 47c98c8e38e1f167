-- RestoreObject on an archived version (GLACIER, DEEP_ARCHIVE): when its temporary copy is ready (by the suite's
-- clock: the tier's delay after the request) and when that copy expires. Both null: never restored. The state is
-- read from the clock (ongoing until ready_at, available until expires_at), so no job has to flip it.
alter table object add column restore_ready_at timestamptz;
alter table object add column restore_expires_at timestamptz;
