-- The status a stream shows until ready_at: CREATING after CreateStream, UPDATING after a split, a merge or a scaling
-- (then ACTIVE, as before).
alter table stream add column pending_status text not null default 'CREATING';
