"""boto3 against Overcast DynamoDB: a global table (2019.11.21) with two replica regions, a write in one read in the
others, and a conflicting pair resolved by the last writer."""
import sys
import time
import uuid

import boto3

endpoint = sys.argv[1]


def client(region):
    return boto3.session.Session(aws_access_key_id="000000000000", aws_secret_access_key="secret",
                                 region_name=region).client("dynamodb", endpoint_url=endpoint)


east, west, south = client("us-east-1"), client("eu-west-1"), client("ap-south-1")
name = "boto3-global-" + uuid.uuid4().hex[:8]
east.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                  KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                  AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                  StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
east.get_waiter("table_exists").wait(TableName=name)
r = east.update_table(TableName=name, ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}},
                                                      {"Create": {"RegionName": "ap-south-1"}}])
assert sorted(x["RegionName"] for x in r["TableDescription"]["Replicas"]) == ["ap-south-1", "eu-west-1"], r
west.get_waiter("table_exists").wait(TableName=name)
assert west.describe_table(TableName=name)["Table"]["GlobalTableVersion"] == "2019.11.21"


def value(c, key):
    item = c.get_item(TableName=name, Key={"pk": {"S": key}}).get("Item")
    return item["v"]["S"] if item else None


def eventually(c, key, expected):
    for _ in range(300):
        if value(c, key) == expected:
            return
        time.sleep(0.1)
    raise AssertionError("%s in %s: %s, expected %s" % (key, c.meta.region_name, value(c, key), expected))


east.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"S": "from-east"}})
eventually(west, "a", "from-east")
eventually(south, "a", "from-east")

west.put_item(TableName=name, Item={"pk": {"S": "c"}, "v": {"S": "first"}})
south.put_item(TableName=name, Item={"pk": {"S": "c"}, "v": {"S": "last"}})
for c in (east, west, south):
    eventually(c, "c", "last")
print("boto3 scenario ok")
