-- S3 access points (the S3 Control API): named entries to a bucket with their own policy, scoped by account and
-- region as AWS scopes them; the alias is unique across the suite, as bucket names are
create table access_point (
    account_id          text        not null,
    region              text        not null,
    name                text        not null,
    bucket              text        not null,
    bucket_account_id   text        not null,
    alias               text        not null unique,
    vpc_id              text,
    public_access_block text        not null,
    policy              text,
    created_at          timestamptz not null,
    primary key (account_id, region, name)
);
create index access_point_bucket on access_point (bucket);
