"""S3 bucket management through boto3: lifecycle, Object Lock, policy, PublicAccessBlock, ownership and ACLs, website,
restore, replication and inventory configuration calls and their errors. Argument: the endpoint."""
import sys
import uuid
from datetime import datetime, timedelta, timezone

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="000000000000",
                  aws_secret_access_key="secret", config=Config(s3={"addressing_style": "path"}))


def error(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("%s succeeded" % call.__name__)


bucket = "boto-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=bucket)

# lifecycle
assert error(s3.get_bucket_lifecycle_configuration, Bucket=bucket) == (
    "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404)
rules = [{"ID": "logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 30},
          "Transitions": [{"Days": 0, "StorageClass": "GLACIER"}]},
         {"ID": "uploads", "Filter": {"And": {"Prefix": "tmp/", "ObjectSizeGreaterThan": 1}}, "Status": "Disabled",
          "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 2},
          "NoncurrentVersionExpiration": {"NoncurrentDays": 3, "NewerNoncurrentVersions": 2}}]
put = s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
assert put["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K", put
got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
assert [r["ID"] for r in got["Rules"]] == ["logs", "uploads"], got
assert got["Rules"][0]["Expiration"] == {"Days": 30}, got
assert got["Rules"][1]["Filter"]["And"]["ObjectSizeGreaterThan"] == 1, got
assert got["Rules"][1]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 3, "NewerNoncurrentVersions": 2}, got
obj = s3.put_object(Bucket=bucket, Key="logs/a", Body=b"x")
assert obj["Expiration"].startswith('expiry-date="') and obj["Expiration"].endswith('rule-id="logs"'), obj
assert s3.head_object(Bucket=bucket, Key="logs/a")["Expiration"] == obj["Expiration"]
code, message, status = error(s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": [
    {"ID": "ia", "Filter": {"Prefix": ""}, "Status": "Enabled",
     "Transitions": [{"Days": 5, "StorageClass": "STANDARD_IA"}]}]})
assert (code, status) == ("InvalidArgument", 400), (code, message)
assert message == "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'", message
s3.delete_bucket_lifecycle(Bucket=bucket)
assert error(s3.get_bucket_lifecycle_configuration, Bucket=bucket)[0] == "NoSuchLifecycleConfiguration"

# Object Lock
assert error(s3.get_object_lock_configuration, Bucket=bucket)[0] == "ObjectLockConfigurationNotFoundError"
locked = "boto-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=locked, ObjectLockEnabledForBucket=True)
s3.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration={
    "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1}}})
conf = s3.get_object_lock_configuration(Bucket=locked)["ObjectLockConfiguration"]
assert conf == {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1}}}, conf
version = s3.put_object(Bucket=locked, Key="k", Body=b"kept")["VersionId"]
retention = s3.get_object_retention(Bucket=locked, Key="k", VersionId=version)["Retention"]
assert retention["Mode"] == "COMPLIANCE" and retention["RetainUntilDate"] > datetime.now(timezone.utc), retention
code, message, status = error(s3.delete_object, Bucket=locked, Key="k", VersionId=version, BypassGovernanceRetention=True)
assert (code, message, status) == ("AccessDenied", "Access Denied because object protected by object lock.", 403)
code, message, status = error(s3.put_object_retention, Bucket=locked, Key="k", VersionId=version,
                              Retention={"Mode": "GOVERNANCE", "RetainUntilDate": datetime.now(timezone.utc) + timedelta(days=3)})
assert code == "AccessDenied", (code, message)
s3.put_object_legal_hold(Bucket=locked, Key="k", VersionId=version, LegalHold={"Status": "ON"})
assert s3.get_object_legal_hold(Bucket=locked, Key="k", VersionId=version)["LegalHold"] == {"Status": "ON"}
head = s3.head_object(Bucket=locked, Key="k")
assert head["ObjectLockMode"] == "COMPLIANCE" and head["ObjectLockLegalHoldStatus"] == "ON", head
code, message, status = error(s3.put_object, Bucket=bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                              ObjectLockRetainUntilDate=datetime.now(timezone.utc) + timedelta(days=1))
assert (code, message) == ("InvalidRequest", "Bucket is missing Object Lock Configuration"), (code, message)

# bucket policy, PublicAccessBlock, ownership and ACLs
assert error(s3.get_bucket_policy, Bucket=bucket)[:2] == ("NoSuchBucketPolicy", "The bucket policy does not exist")
code, message, status = error(s3.put_bucket_policy, Bucket=bucket, Policy="nope")
assert (code, message, status) == ("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", 400)
import json
policy = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::%s/*" % bucket}]})
s3.put_bucket_policy(Bucket=bucket, Policy=policy)
assert s3.get_bucket_policy(Bucket=bucket)["Policy"] == policy
assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": False}
other = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="111111111111",
                     aws_secret_access_key="secret", config=Config(s3={"addressing_style": "path"}))
assert other.get_object(Bucket=bucket, Key="logs/a")["Body"].read() == b"x"
assert error(other.put_object, Bucket=bucket, Key="logs/b", Body=b"y")[0] == "AccessDenied"
s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicPolicy": True})
assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True
assert error(s3.put_bucket_policy, Bucket=bucket, Policy=policy.replace('{"AWS": "111111111111"}', '"*"'))[0] == "AccessDenied"
s3.delete_public_access_block(Bucket=bucket)
s3.delete_bucket_policy(Bucket=bucket)
assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == [
    {"ObjectOwnership": "BucketOwnerEnforced"}]
assert error(s3.put_bucket_acl, Bucket=bucket, ACL="public-read")[:2] == (
    "AccessControlListNotSupported", "The bucket does not allow ACLs")
assert s3.get_bucket_acl(Bucket=bucket)["Grants"][0]["Permission"] == "FULL_CONTROL"

# website
assert error(s3.get_bucket_website, Bucket=bucket)[0] == "NoSuchWebsiteConfiguration"
s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
    "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
    "RoutingRules": [{"Condition": {"KeyPrefixEquals": "docs/"}, "Redirect": {"ReplaceKeyPrefixWith": "documents/"}}]})
site = s3.get_bucket_website(Bucket=bucket)
assert site["IndexDocument"] == {"Suffix": "index.html"} and site["RoutingRules"][0]["Redirect"] == {
    "ReplaceKeyPrefixWith": "documents/"}, site
assert error(s3.put_bucket_website, Bucket=bucket, WebsiteConfiguration={"IndexDocument": {"Suffix": ""}})[0] == "InvalidArgument"
s3.delete_bucket_website(Bucket=bucket)

# archive and restore
s3.put_object(Bucket=bucket, Key="cold", Body=b"ice", StorageClass="GLACIER")
code, message, status = error(s3.get_object, Bucket=bucket, Key="cold")
assert (code, status) == ("InvalidObjectState", 403), (code, message)
restore = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Bulk"}})
assert restore["ResponseMetadata"]["HTTPStatusCode"] == 202, restore
assert s3.head_object(Bucket=bucket, Key="cold")["Restore"] == 'ongoing-request="true"'
assert error(s3.restore_object, Bucket=bucket, Key="cold", RestoreRequest={"Days": 1})[0] == "RestoreAlreadyInProgress"

# replication
assert error(s3.get_bucket_replication, Bucket=bucket)[0] == "ReplicationConfigurationNotFoundError"
source = "boto-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=source)
s3.put_bucket_versioning(Bucket=source, VersioningConfiguration={"Status": "Enabled"})
rule = {"ID": "all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
        "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::" + locked}}
s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={"Role": "arn:aws:iam::000000000000:role/r",
                                                                   "Rules": [rule]})
assert s3.get_bucket_replication(Bucket=source)["ReplicationConfiguration"]["Rules"][0]["ID"] == "all"
code, message, status = error(s3.put_bucket_replication, Bucket=bucket, ReplicationConfiguration={
    "Role": "arn:aws:iam::000000000000:role/r", "Rules": [rule]})
assert (code, message) == ("InvalidRequest", "Versioning must be 'Enabled' on the bucket to apply a replication configuration")
s3.delete_bucket_replication(Bucket=source)

# inventory
assert error(s3.get_bucket_inventory_configuration, Bucket=bucket, Id="inv")[0] == "NoSuchConfiguration"
inventory = {"Id": "inv", "IsEnabled": True, "IncludedObjectVersions": "Current", "Schedule": {"Frequency": "Weekly"},
             "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::" + source, "Format": "CSV"}},
             "OptionalFields": ["Size", "ETag"]}
s3.put_bucket_inventory_configuration(Bucket=bucket, Id="inv", InventoryConfiguration=inventory)
assert s3.get_bucket_inventory_configuration(Bucket=bucket, Id="inv")["InventoryConfiguration"]["OptionalFields"] == [
    "Size", "ETag"]
assert [c["Id"] for c in s3.list_bucket_inventory_configurations(Bucket=bucket)["InventoryConfigurationList"]] == ["inv"]
parquet = dict(inventory, Destination={"S3BucketDestination": {"Bucket": "arn:aws:s3:::" + source, "Format": "Parquet"}})
s3.put_bucket_inventory_configuration(Bucket=bucket, Id="inv", InventoryConfiguration=parquet)
assert s3.get_bucket_inventory_configuration(Bucket=bucket, Id="inv")["InventoryConfiguration"]["Destination"][
    "S3BucketDestination"]["Format"] == "Parquet"
avro = dict(inventory, Destination={"S3BucketDestination": {"Bucket": "arn:aws:s3:::" + source, "Format": "Avro"}})
assert error(s3.put_bucket_inventory_configuration, Bucket=bucket, Id="inv", InventoryConfiguration=avro)[0] == "MalformedXML"
s3.delete_bucket_inventory_configuration(Bucket=bucket, Id="inv")

print("boto3 scenario ok")
