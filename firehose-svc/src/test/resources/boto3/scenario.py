"""Data Firehose through boto3 (JSON 1.1): every control-plane action, puts, and errors. Argument: the endpoint."""
import base64
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
fh = boto3.client("firehose", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="000000000000", aws_secret_access_key="secret")
role = "arn:aws:iam::000000000000:role/firehose"
name = "boto-" + uuid.uuid4().hex[:12]


def error(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError("no error from %s" % call)


arn = fh.create_delivery_stream(
    DeliveryStreamName=name, DeliveryStreamType="DirectPut",
    ExtendedS3DestinationConfiguration={"BucketARN": "arn:aws:s3:::boto-bucket", "RoleARN": role,
                                        "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60},
                                        "CompressionFormat": "GZIP"},
    Tags=[{"Key": "team", "Value": "data"}])["DeliveryStreamARN"]
assert arn == "arn:aws:firehose:us-east-1:000000000000:deliverystream/" + name, arn

d = fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
assert d["DeliveryStreamStatus"] == "ACTIVE", d
assert d["VersionId"] == "1", d
dest = d["Destinations"][0]
assert dest["DestinationId"] == "destinationId-000000000001", dest
assert dest["ExtendedS3DestinationDescription"]["CompressionFormat"] == "GZIP", dest
assert dest["ExtendedS3DestinationDescription"]["BufferingHints"] == {"SizeInMBs": 1, "IntervalInSeconds": 60}, dest

assert name in fh.list_delivery_streams(Limit=10000)["DeliveryStreamNames"]
assert name not in fh.list_delivery_streams(Limit=10000, DeliveryStreamType="KinesisStreamAsSource")["DeliveryStreamNames"]

code, message = error(fh.create_delivery_stream, DeliveryStreamName=name,
                      ExtendedS3DestinationConfiguration={"BucketARN": "arn:aws:s3:::b", "RoleARN": role})
assert code == "ResourceInUseException", (code, message)
code, message = error(fh.describe_delivery_stream, DeliveryStreamName="missing-" + name)
assert code == "ResourceNotFoundException" and message == "Firehose missing-%s under account 000000000000 not found." % name, message
code, message = error(fh.create_delivery_stream, DeliveryStreamName="x" + name,
                      ExtendedS3DestinationConfiguration={"BucketARN": "arn:aws:s3:::b", "RoleARN": role,
                                                          "Prefix": "y=!{timestamp:yyyy}/"})
assert code == "InvalidArgumentException" and "ErrorOutputPrefix" in message, message

fh.update_destination(DeliveryStreamName=name, CurrentDeliveryStreamVersionId="1",
                      DestinationId="destinationId-000000000001",
                      ExtendedS3DestinationUpdate={"Prefix": "data/", "BufferingHints": {"IntervalInSeconds": 120}})
d = fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]
assert d["VersionId"] == "2", d
ext = d["Destinations"][0]["ExtendedS3DestinationDescription"]
assert ext["Prefix"] == "data/" and ext["BufferingHints"] == {"SizeInMBs": 1, "IntervalInSeconds": 120}, ext
code, _ = error(fh.update_destination, DeliveryStreamName=name, CurrentDeliveryStreamVersionId="1",
                DestinationId="destinationId-000000000001", ExtendedS3DestinationUpdate={"Prefix": "x/"})
assert code == "ConcurrentModificationException", code

fh.tag_delivery_stream(DeliveryStreamName=name, Tags=[{"Key": "env", "Value": "test"}])
tags = fh.list_tags_for_delivery_stream(DeliveryStreamName=name)["Tags"]
assert tags == [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "data"}], tags
fh.untag_delivery_stream(DeliveryStreamName=name, TagKeys=["env"])
assert fh.list_tags_for_delivery_stream(DeliveryStreamName=name)["Tags"] == [{"Key": "team", "Value": "data"}]

fh.start_delivery_stream_encryption(DeliveryStreamName=name,
                                    DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"})
enc = fh.describe_delivery_stream(DeliveryStreamName=name)["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"]
assert enc["Status"] == "ENABLED" and enc["KeyType"] == "AWS_OWNED_CMK", enc
fh.stop_delivery_stream_encryption(DeliveryStreamName=name)

put = fh.put_record(DeliveryStreamName=name, Record={"Data": b"hello\n"})
assert put["RecordId"], put
batch = fh.put_record_batch(DeliveryStreamName=name, Records=[{"Data": ("r%d\n" % i).encode()} for i in range(10)])
assert batch["FailedPutCount"] == 0 and len(batch["RequestResponses"]) == 10, batch
code, message = error(fh.put_record_batch, DeliveryStreamName=name, Records=[{"Data": b"x"}] * 501)
assert code == "ValidationException" and "less than or equal to 500" in message, (code, message)

fh.delete_delivery_stream(DeliveryStreamName=name, AllowForceDelete=True)
code, _ = error(fh.describe_delivery_stream, DeliveryStreamName=name)
assert code == "ResourceNotFoundException", code
print("boto3 scenario ok")
