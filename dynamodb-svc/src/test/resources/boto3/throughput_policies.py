"""boto3 against Overcast DynamoDB: auto scaling settings, warm and on-demand throughput, Contributor Insights and a
resource policy that lets another account read."""
import json
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]


def client(account):
    return boto3.session.Session(aws_access_key_id=account, aws_secret_access_key="secret",
                                 region_name="us-east-1").client("dynamodb", endpoint_url=endpoint)


owner, other = client("111122223333"), client("444455556666")
name = "boto3-tp-" + uuid.uuid4().hex[:8]
owner.create_table(TableName=name, BillingMode="PROVISIONED",
                   ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                   WarmThroughput={"ReadUnitsPerSecond": 13000})
owner.get_waiter("table_exists").wait(TableName=name)
table = owner.describe_table(TableName=name)["Table"]
assert table["WarmThroughput"]["ReadUnitsPerSecond"] == 13000, table["WarmThroughput"]
arn = table["TableArn"]

d = owner.update_table_replica_auto_scaling(
    TableName=name,
    ProvisionedWriteCapacityAutoScalingUpdate={
        "MinimumUnits": 5, "MaximumUnits": 50,
        "ScalingPolicyUpdate": {"TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70.0}}})
settings = d["TableAutoScalingDescription"]["Replicas"][0]["ReplicaProvisionedWriteCapacityAutoScalingSettings"]
assert settings["MaximumUnits"] == 50 and settings["ScalingPolicies"][0]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 70.0, d
assert owner.describe_table_replica_auto_scaling(TableName=name)["TableAutoScalingDescription"]["TableName"] == name

owner.update_contributor_insights(TableName=name, ContributorInsightsAction="ENABLE")
assert owner.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"] == "ENABLED"

owner.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"S": "shared"}})
try:
    other.get_item(TableName=arn, Key={"pk": {"S": "a"}})
    raise AssertionError("read without a policy")
except ClientError as e:
    assert e.response["Error"]["Code"] == "AccessDeniedException", e.response
policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                                                   "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": arn}]}
rev = owner.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy))["RevisionId"]
assert owner.get_resource_policy(ResourceArn=arn)["RevisionId"] == rev
assert other.get_item(TableName=arn, Key={"pk": {"S": "a"}})["Item"]["v"]["S"] == "shared"
# a condition narrows the grant: the other account reads only the items whose partition key it is given
owner.put_item(TableName=name, Item={"pk": {"S": "b"}, "v": {"S": "private"}})
policy["Statement"][0]["Condition"] = {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["a"]}}
rev = owner.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy), ExpectedRevisionId=rev)["RevisionId"]
assert other.get_item(TableName=arn, Key={"pk": {"S": "a"}})["Item"]["v"]["S"] == "shared"
assert other.query(TableName=arn, KeyConditionExpression="pk = :p",
                   ExpressionAttributeValues={":p": {"S": "a"}})["Count"] == 1
for denied in (lambda: other.get_item(TableName=arn, Key={"pk": {"S": "b"}}),
               lambda: other.query(TableName=arn, KeyConditionExpression="pk = :p",
                                   ExpressionAttributeValues={":p": {"S": "b"}})):
    try:
        denied()
        raise AssertionError("read outside the leading keys")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "AccessDeniedException", e.response
        assert "because no resource-based policy allows" in e.response["Error"]["Message"], e.response
owner.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=rev)
try:
    owner.get_resource_policy(ResourceArn=arn)
    raise AssertionError("policy still there")
except ClientError as e:
    assert e.response["Error"]["Code"] == "PolicyNotFoundException", e.response
print("boto3 scenario ok")
