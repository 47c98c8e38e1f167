-- Access control lists where the bucket's ObjectOwnership allows them (not BucketOwnerEnforced): a bucket's and each
-- object version's grants (the AccessControlPolicy's grants as JSON; null: the owner's FULL_CONTROL alone).
alter table bucket add column acl text;
create table object_acl (
    object_id bigint primary key references object (id) on delete cascade,
    grants    text   not null
);
