# S3 event notifications through boto3: the configuration calls, S3's error codes for bad configurations, and the
# changes whose events the test's HTTP endpoint then receives (the queue ARN below is mapped to it).
import io
import sys
import uuid

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
QUEUE = "arn:aws:sqs:us-east-1:000000000000:notify-endpoint"
TOPIC = "arn:aws:sns:us-east-1:000000000000:notify-topic"
bucket = "notify-boto3-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=bucket)

assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)


def refused(configuration, message):
    try:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=configuration)
    except ClientError as e:
        assert e.response["Error"]["Code"] == "InvalidArgument", e.response
        assert e.response["Error"]["Message"] == message, e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
        return
    raise SystemExit("expected InvalidArgument: " + message)


refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:Sideways"]}]},
        "The event is not supported for notifications")
refused({"QueueConfigurations": [{"QueueArn": "arn:aws:sqs:us-east-1:queue", "Events": ["s3:ObjectCreated:*"]}]},
        "The ARN is not well formed")
refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"]}],
         "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectCreated:Put"]}]},
        "Configurations overlap. Configurations on the same bucket cannot share a common event type.")
refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
                                  "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "a/"}]}}}],
         "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectCreated:Put"],
                                  "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "a/b/"}]}}}]},
        "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are "
        "overlapping for the same event type.")
refused({"QueueConfigurations": [{"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"],
                                  "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "a"},
                                                                     {"Name": "prefix", "Value": "b"}]}}}]},
        "Cannot specify more than one prefix rule in a filter.")
try:
    s3.get_bucket_notification_configuration(Bucket=bucket + "-missing")
    raise SystemExit("expected NoSuchBucket")
except ClientError as e:
    assert e.response["Error"]["Code"] == "NoSuchBucket", e.response

s3.put_bucket_notification_configuration(Bucket=bucket, SkipDestinationValidation=True, NotificationConfiguration={
    "QueueConfigurations": [{"Id": "to-endpoint", "QueueArn": QUEUE,
                             "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
                             "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "in/"}]}}}],
    "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectTagging:*"]}],
    "EventBridgeConfiguration": {}})
got = s3.get_bucket_notification_configuration(Bucket=bucket)
queue = got["QueueConfigurations"][0]
assert queue["Id"] == "to-endpoint" and queue["QueueArn"] == QUEUE, got
assert queue["Events"] == ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], got
assert queue["Filter"]["Key"]["FilterRules"] == [{"Name": "Prefix", "Value": "in/"}], got
assert got["TopicConfigurations"][0]["Id"], got  # generated
assert "EventBridgeConfiguration" in got, got

s3.put_object(Bucket=bucket, Key="in/one.txt", Body=b"one")
s3.put_object(Bucket=bucket, Key="out/skipped.txt", Body=b"not under the prefix")
s3.copy_object(Bucket=bucket, Key="in/copy.txt", CopySource={"Bucket": bucket, "Key": "in/one.txt"})
config = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
s3.upload_fileobj(io.BytesIO(b"x" * (6 * 1024 * 1024)), bucket, "in/big.bin", Config=config)
s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "in/one.txt"}, {"Key": "in/copy.txt"}]})
print("bucket " + bucket)
print("boto3 scenario ok")
