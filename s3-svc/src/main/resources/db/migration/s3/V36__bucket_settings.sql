-- Transfer Acceleration (Enabled, Suspended; null: never set) and RequestPayment (Requester; null: BucketOwner) on the
-- bucket's row: the payer is checked on every request of another account.
alter table bucket add column accelerate text;
alter table bucket add column request_payer text;

-- Configurations a bucket keeps by id (metrics, analytics, intelligent-tiering): the shape as sent, JSON.
create table bucket_configuration (
    bucket        text not null references bucket (name) on delete cascade,
    kind          text not null,
    id            text collate "C" not null,
    configuration text not null,
    primary key (bucket, kind, id)
);
