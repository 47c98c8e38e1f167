-- Versioning. A bucket's state: null (never versioned), 'Enabled' or 'Suspended'; its MFA-delete flag as last
-- set (null: never set).
alter table bucket add column versioning text;
alter table bucket add column mfa_delete text;

-- Every object row is now one version of its key: version_id ('null' for the version written while versioning
-- was off or suspended), whether it is the key's current version, whether it is a delete marker (no bytes, no
-- ETag). version_seq orders the versions of a key (newest highest); it is drawn under the key's lock, so it
-- follows commit order. Existing objects become the current 'null' versions of their keys.
create sequence object_version_seq;
alter table object add column version_id text not null default 'null';
alter table object add column is_latest boolean not null default true;
alter table object add column delete_marker boolean not null default false;
alter table object add column version_seq bigint not null default nextval('object_version_seq');
alter table object alter column etag drop not null;

drop index object_by_key;
-- The current version of a key (GET, HEAD, conditional writes) and ListObjects: one scan of this partial index.
create unique index object_current on object (bucket, key) where is_latest;
-- A version by its id.
create unique index object_by_version_id on object (bucket, key, version_id);
-- ListObjectVersions: keys in byte order, each key's versions newest first.
create unique index object_versions on object (bucket, key, version_seq desc);
