-- The checksum type an upload was created with: COMPOSITE (a checksum of the part checksums) or FULL_OBJECT
-- (the CRC of all the bytes, combined from the parts' CRCs).
alter table multipart_upload add column checksum_type text;
