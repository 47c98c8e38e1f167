# boto3 against S3 in SigV4 verify mode with Expect: 100-continue (botocore sends it for a file-like body): an
# authenticated upload goes through, a refused one surfaces S3's error rather than a broken connection.
import io
import sys
import uuid

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint = sys.argv[1]
config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})


def client(secret):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="AKIDEDGE",
                        aws_secret_access_key=secret, config=config)


good = client("edge-secret")
bad = client("not-the-secret")
bucket = "expect-" + uuid.uuid4().hex[:12]
good.create_bucket(Bucket=bucket)

body = b"x" * (2 * 1024 * 1024)
good.put_object(Bucket=bucket, Key="single", Body=io.BytesIO(body))
assert good.get_object(Bucket=bucket, Key="single")["Body"].read() == body

# over the transfer manager's (and the CLI's) multipart threshold: UploadPart bodies expect 100 Continue too
big = b"y" * (9 * 1024 * 1024)
good.upload_fileobj(io.BytesIO(big), bucket, "multi",
                    Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
assert good.get_object(Bucket=bucket, Key="multi")["Body"].read() == big

try:
    bad.put_object(Bucket=bucket, Key="refused", Body=io.BytesIO(body))
    raise SystemExit("a PutObject with a wrong signature was accepted")
except botocore.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] == "SignatureDoesNotMatch", e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response

try:
    bad.upload_fileobj(io.BytesIO(big), bucket, "refused-multi",
                       Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
    raise SystemExit("a multipart upload with a wrong signature was accepted")
except botocore.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] == "SignatureDoesNotMatch", e.response

keys = [o["Key"] for o in good.list_objects_v2(Bucket=bucket).get("Contents", [])]
assert sorted(keys) == ["multi", "single"], keys
print("boto3 scenario ok")
