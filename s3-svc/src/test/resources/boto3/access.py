"""S3 access points (S3 Control) and server access logging through boto3: configuration calls, their errors, an access
point alias used as a bucket name. Argument: the endpoint.

boto3 puts the account id in the S3 Control host (<account>.localhost:port), as it does on AWS. This machine's resolver
does not resolve *.localhost (systemd-resolved and browsers do), so names under localhost are resolved here to the
loopback address."""
import socket
import sys
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

_getaddrinfo = socket.getaddrinfo


def _loopback_localhost(host, *args, **kwargs):
    if isinstance(host, str) and host.endswith(".localhost"):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _loopback_localhost

endpoint = sys.argv[1]
account = "000000000000"
kwargs = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=account, aws_secret_access_key="secret")
s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}), **kwargs)
control = boto3.client("s3control", **kwargs)


def error(call, **kw):
    try:
        call(**kw)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("%s succeeded" % call.__name__)


bucket = "boto-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="a.txt", Body=b"through the alias")

# access points
name = "ap-" + uuid.uuid4().hex[:8]
created = control.create_access_point(AccountId=account, Name=name, Bucket=bucket)
assert created["AccessPointArn"] == "arn:aws:s3:us-east-1:%s:accesspoint/%s" % (account, name), created
alias = created["Alias"]
assert alias.startswith(name + "-") and alias.endswith("-s3alias"), alias
got = control.get_access_point(AccountId=account, Name=name)
assert got["Bucket"] == bucket and got["NetworkOrigin"] == "Internet" and got["Alias"] == alias, got
assert got["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True, got
listed = control.list_access_points(AccountId=account, Bucket=bucket)["AccessPointList"]
assert [a["Name"] for a in listed] == [name], listed
assert error(control.create_access_point, AccountId=account, Name=name, Bucket=bucket) == (
    "AccessPointAlreadyOwnedByYou", 409)
assert error(control.create_access_point, AccountId=account, Name="Bad_Name", Bucket=bucket) == ("InvalidURI", 400)
assert error(control.get_access_point, AccountId=account, Name="nope-" + name) == ("NoSuchAccessPoint", 404)
assert error(control.get_access_point_policy, AccountId=account, Name=name) == ("NoSuchAccessPointPolicy", 404)
policy = ('{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"%s/object/secret/*"}]}'
          % created["AccessPointArn"])
control.put_access_point_policy(AccountId=account, Name=name, Policy=policy)
assert control.get_access_point_policy(AccountId=account, Name=name)["Policy"] == policy
assert control.get_access_point_policy_status(AccountId=account, Name=name)["PolicyStatus"]["IsPublic"] is False
assert s3.get_object(Bucket=alias, Key="a.txt")["Body"].read() == b"through the alias"
s3.put_object(Bucket=bucket, Key="secret/b.txt", Body=b"no")
assert error(s3.get_object, Bucket=alias, Key="secret/b.txt") == ("AccessDenied", 403)
control.delete_access_point_policy(AccountId=account, Name=name)
assert error(control.list_multi_region_access_points, AccountId=account)[0] == "NotImplemented"
control.delete_access_point(AccountId=account, Name=name)
assert error(control.get_access_point, AccountId=account, Name=name) == ("NoSuchAccessPoint", 404)

# server access logging
logs = "boto-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=logs)
assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {
    "TargetBucket": logs, "TargetPrefix": "logs/",
    "TargetObjectKeyFormat": {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}}}})
enabled = s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]
assert enabled["TargetBucket"] == logs and enabled["TargetPrefix"] == "logs/", enabled
assert enabled["TargetObjectKeyFormat"] == {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}}, enabled
assert error(s3.put_bucket_logging, Bucket=bucket, BucketLoggingStatus={"LoggingEnabled": {
    "TargetBucket": "no-such-" + logs, "TargetPrefix": "x"}}) == ("InvalidTargetBucketForLogging", 400)
s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={})
assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
print("boto3 scenario ok")
