"""boto3 against Overcast DynamoDB: the Table resource, Key(...) conditions, batch_writer, client errors."""
import os
import sys
import uuid
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="000000000000", aws_secret_access_key="secret", region_name="us-east-1")
ddb = session.resource("dynamodb", endpoint_url=endpoint)
client = session.client("dynamodb", endpoint_url=endpoint)

name = "boto3-" + uuid.uuid4().hex[:10]
table = ddb.create_table(
    TableName=name,
    KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "artist", "AttributeType": "S"}, {"AttributeName": "song", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
table.wait_until_exists()
table.reload()
assert table.table_status == "ACTIVE", table.table_status

with table.batch_writer() as batch:
    for i in range(60):
        batch.put_item(Item={"artist": "a%d" % (i % 3), "song": "s%03d" % i, "plays": i, "rating": Decimal("4.5")})

resp = table.query(KeyConditionExpression=Key("artist").eq("a1") & Key("song").begins_with("s0"))
assert resp["Count"] == 20, resp["Count"]
songs = [item["song"] for item in resp["Items"]]
assert songs == sorted(songs), songs

resp = table.query(KeyConditionExpression=Key("artist").eq("a0") & Key("song").between("s010", "s020"),
                   FilterExpression=Attr("plays").gte(15), ScanIndexForward=False)
assert [item["song"] for item in resp["Items"]] == ["s018", "s015"], resp["Items"]

item = table.get_item(Key={"artist": "a2", "song": "s002"})["Item"]
assert item["plays"] == 2 and item["rating"] == Decimal("4.5"), item

table.update_item(Key={"artist": "a2", "song": "s002"}, UpdateExpression="SET plays = plays + :d, tags = :t",
                  ExpressionAttributeValues={":d": 10, ":t": {"x", "y"}})
item = table.get_item(Key={"artist": "a2", "song": "s002"}, ProjectionExpression="plays, tags")["Item"]
assert item == {"plays": 12, "tags": {"x", "y"}}, item

try:
    table.put_item(Item={"artist": "a2", "song": "s002"}, ConditionExpression=Attr("artist").not_exists())
    raise AssertionError("expected ConditionalCheckFailedException")
except ClientError as e:
    assert e.response["Error"]["Code"] == "ConditionalCheckFailedException", e.response

try:
    client.update_item(TableName=name, Key={"artist": {"S": "a"}, "song": {"S": "b"}}, UpdateExpression="SET size = :v",
                       ExpressionAttributeValues={":v": {"N": "1"}})
    raise AssertionError("expected ValidationException")
except ClientError as e:
    assert e.response["Error"]["Code"] == "ValidationException", e.response
    assert e.response["Error"]["Message"] == "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size", e.response

scanned = 0
for page in client.get_paginator("scan").paginate(TableName=name, PaginationConfig={"PageSize": 7}):
    scanned += page["Count"]
assert scanned == 60, scanned

with table.batch_writer(overwrite_by_pkeys=["artist", "song"]) as batch:
    for i in range(0, 60, 2):
        batch.delete_item(Key={"artist": "a%d" % (i % 3), "song": "s%03d" % i})
assert table.scan(Select="COUNT")["Count"] == 30

table.delete()
table.wait_until_not_exists()
print("boto3 scenario ok")
