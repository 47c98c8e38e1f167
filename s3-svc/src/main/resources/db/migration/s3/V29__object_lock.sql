-- Object Lock. A bucket's configuration (the ObjectLockConfiguration as sent, JSON: its default retention; null: none
-- set), on the bucket's row so that the cached bucket a put acts on gives the default retention without a query.
alter table bucket add column object_lock text;

-- Each version's retention (mode GOVERNANCE or COMPLIANCE and the date it is kept until) and legal hold (ON, OFF; null:
-- never set), carried by an upload from its initiation to the object it completes.
alter table object add column lock_mode text;
alter table object add column lock_retain_until timestamptz;
alter table object add column legal_hold text;
alter table multipart_upload add column lock_mode text;
alter table multipart_upload add column lock_retain_until timestamptz;
alter table multipart_upload add column legal_hold text;
