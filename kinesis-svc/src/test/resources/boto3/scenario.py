"""Kinesis through boto3 (JSON 1.1): create, put, get by iterator, list, tag, errors. Argument: the endpoint."""
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
kinesis = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="000000000000", aws_secret_access_key="secret")
name = "boto-" + uuid.uuid4().hex[:12]
kinesis.create_stream(StreamName=name, ShardCount=2)
summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
assert summary["StreamStatus"] == "ACTIVE", summary
assert summary["OpenShardCount"] == 2, summary
assert isinstance(summary["StreamCreationTimestamp"], datetime), summary

put = kinesis.put_record(StreamName=name, PartitionKey="p", Data=b"\x00\x01binary\xff", ExplicitHashKey="0")
assert put["ShardId"] == "shardId-000000000000", put
batch = kinesis.put_records(StreamName=name, Records=[
    {"PartitionKey": "k%d" % i, "Data": ("r%d" % i).encode()} for i in range(20)])
assert batch["FailedRecordCount"] == 0 and len(batch["Records"]) == 20, batch

seen = []
for shard in kinesis.list_shards(StreamName=name)["Shards"]:
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard["ShardId"],
                                    ShardIteratorType="AT_TIMESTAMP",
                                    Timestamp=datetime.now(timezone.utc) - timedelta(hours=1))["ShardIterator"]
    got = kinesis.get_records(ShardIterator=it, Limit=100)
    for r in got["Records"]:
        assert isinstance(r["ApproximateArrivalTimestamp"], datetime), r
        seen.append(r["Data"])
    assert got["NextShardIterator"], got
assert b"\x00\x01binary\xff" in seen, seen
assert sorted(d for d in seen if d.startswith(b"r")) == sorted(("r%d" % i).encode() for i in range(20)), seen

kinesis.add_tags_to_stream(StreamName=name, Tags={"team": "data"})
assert kinesis.list_tags_for_stream(StreamName=name)["Tags"] == [{"Key": "team", "Value": "data"}]
assert name in kinesis.list_streams()["StreamNames"]

try:
    kinesis.create_stream(StreamName=name, ShardCount=1)
    raise AssertionError("a second stream of one name")
except ClientError as e:
    assert e.response["Error"]["Code"] == "ResourceInUseException", e.response
try:
    kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=9000)
    raise AssertionError("9000 hours accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidArgumentException", e.response
    assert e.response["Error"]["Message"].startswith("Maximum allowed retention period is 8760 hours."), e.response
try:
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey="1")
    raise AssertionError("SplitShard at hash key 1 accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidArgumentException", e.response
kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2 ** 126))
shards = kinesis.list_shards(StreamName=name)["Shards"]
assert [s.get("ParentShardId") for s in shards] == [None, None, "shardId-000000000000", "shardId-000000000000"], shards
assert "EndingSequenceNumber" in shards[0]["SequenceNumberRange"], shards
arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
kinesis.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "ON_DEMAND"})
summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
assert summary["StreamModeDetails"]["StreamMode"] == "ON_DEMAND", summary
assert summary["OpenShardCount"] == 3, summary
try:
    kinesis.describe_account_settings()
    raise AssertionError("DescribeAccountSettings answered as if served")
except ClientError as e:
    assert e.response["Error"]["Code"] == "UnknownOperationException", e.response

kinesis.delete_stream(StreamName=name)
try:
    kinesis.describe_stream(StreamName=name)
    raise AssertionError("deleted stream still described")
except kinesis.exceptions.ResourceNotFoundException:
    pass
print("boto3 scenario ok")
