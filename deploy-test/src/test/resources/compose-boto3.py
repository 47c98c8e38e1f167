# boto3 against the compose topology's gateway: an S3 and a DynamoDB round trip.
import sys
import time
import uuid

import boto3

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
s3 = session.client("s3", endpoint_url=endpoint)
bucket = "boto3-" + uuid.uuid4().hex[:12]
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"hello from boto3")
assert s3.get_object(Bucket=bucket, Key="hello.txt")["Body"].read() == b"hello from boto3"
assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["hello.txt"]

ddb = session.client("dynamodb", endpoint_url=endpoint)
table = "boto3-" + uuid.uuid4().hex[:12]
ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
ddb.put_item(TableName=table, Item={"pk": {"S": "k"}, "v": {"N": "42"}})
assert ddb.get_item(TableName=table, Key={"pk": {"S": "k"}}, ConsistentRead=True)["Item"]["v"] == {"N": "42"}
print("boto3 scenario ok")
