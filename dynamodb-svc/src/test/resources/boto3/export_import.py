"""boto3 against Overcast DynamoDB: an export to S3 (bucket boto3-exports, made by the test) re-imported into a new table."""
import sys
import time
import uuid
from decimal import Decimal

import boto3

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="000000000000", aws_secret_access_key="secret", region_name="us-east-1")
ddb = session.resource("dynamodb", endpoint_url=endpoint)
client = session.client("dynamodb", endpoint_url=endpoint)
bucket = "boto3-exports"

name = "boto3-exp-" + uuid.uuid4().hex[:8]
table = ddb.create_table(
    TableName=name,
    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
table.wait_until_exists()
client.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
items = [{"id": "i%02d" % i, "n": Decimal(i) / 4, "tags": {"x", "y%d" % i}, "doc": {"list": [1, "two", None, True]}} for i in range(10)]
with table.batch_writer() as batch:
    for item in items:
        batch.put_item(Item=item)


def wait(describe):
    for _ in range(300):
        d = describe()
        status = d.get("ExportStatus") or d.get("ImportStatus")
        if status != "IN_PROGRESS":
            return d
        time.sleep(0.2)
    raise AssertionError("still in progress: %s" % d)


arn = table.table_arn
export = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=bucket, S3Prefix="boto3", ExportFormat="DYNAMODB_JSON")
d = wait(lambda: client.describe_export(ExportArn=export["ExportDescription"]["ExportArn"])["ExportDescription"])
assert d["ExportStatus"] == "COMPLETED", d
assert d["ItemCount"] == 10, d
assert any(s["ExportArn"] == d["ExportArn"] for s in client.list_exports(TableArn=arn)["ExportSummaries"])

prefix = d["ExportManifest"].replace("manifest-summary.json", "data/")
target = name + "-copy"
imp = client.import_table(
    S3BucketSource={"S3Bucket": bucket, "S3KeyPrefix": prefix},
    InputFormat="DYNAMODB_JSON",
    InputCompressionType="GZIP",
    TableCreationParameters={
        "TableName": target,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    },
)
i = wait(lambda: client.describe_import(ImportArn=imp["ImportTableDescription"]["ImportArn"])["ImportTableDescription"])
assert i["ImportStatus"] == "COMPLETED", i
assert i["ImportedItemCount"] == 10, i
copy = ddb.Table(target)
copy.wait_until_exists()
got = sorted(copy.scan()["Items"], key=lambda x: x["id"])
assert got == items, (got, items)
print("boto3 scenario ok")
