-- What the restore of an archived version last announced, so that its completion and its copy's expiry (read from the
-- suite's clock, see V31) are each announced once: REQUESTED (by RestoreObject), COMPLETED (the copy is ready),
-- EXPIRED (the copy is gone); null: never restored. The restore job looks only at the rows still to announce.
alter table object add column restore_state text;
create index object_restore_due on object (restore_ready_at) where restore_state in ('REQUESTED', 'COMPLETED');
