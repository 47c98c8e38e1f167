-- Default encryption of a bucket (every bucket has one: SSE-S3 unless configured), and the encryption each
-- object and upload was written with. The flexible checksum an object was uploaded with, returned on request.
alter table bucket add column sse_algorithm text not null default 'AES256';
alter table bucket add column kms_key_id text;
alter table bucket add column bucket_key_enabled boolean not null default false;

alter table object add column sse_algorithm text;
alter table object add column kms_key_id text;
alter table object add column bucket_key_enabled boolean;
alter table object add column checksum_algorithm text;
alter table object add column checksum_value text;
alter table object add column checksum_type text;

alter table multipart_upload add column sse_algorithm text;
alter table multipart_upload add column kms_key_id text;
alter table multipart_upload add column bucket_key_enabled boolean;
