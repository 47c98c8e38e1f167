-- The multipart upload a version was completed from (null for any other write): a CompleteMultipartUpload retried
-- after the upload completed answers 200 with that object, as S3 does, while it is still the key's current version.
alter table object add column upload_id text;
