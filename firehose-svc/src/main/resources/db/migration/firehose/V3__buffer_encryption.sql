-- the keys server-side encryption of a buffer uses: the suite has no KMS, so it keeps a data key per KMS key id (a
-- customer managed key's ARN, or AWS_OWNED_CMK for Firehose's own key) per account and region
create table encryption_key (
    id         bigserial primary key,
    account_id text      not null,
    region     text      not null,
    key_ref    text      not null,
    material   bytea     not null,
    unique (account_id, region, key_ref)
);

-- a batch written while its stream's encryption was on: its data is the 12-byte AES-GCM nonce, then the framed
-- records encrypted with that key (the 16-byte tag last); null for a batch stored as it came
alter table buffered_batch add column key_id bigint references encryption_key (id);
