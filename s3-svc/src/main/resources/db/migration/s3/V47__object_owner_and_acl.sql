-- An object version's owner and ACL on its row, and on a multipart upload's (the completed object's): owner_account
-- null is the bucket's owner (another account where ObjectOwnership lets a writer own what it writes); acl null is
-- the owner's FULL_CONTROL alone, else the grants as JSON. The ACLs PutObjectAcl stored in object_acl move there.
alter table object add column owner_account text, add column acl text;
alter table multipart_upload add column owner_account text, add column acl text;
update object o set acl = a.grants from object_acl a where a.object_id = o.id;
drop table object_acl;
