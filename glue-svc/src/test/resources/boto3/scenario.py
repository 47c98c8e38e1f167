"""Glue through boto3 and the AWS CLI (JSON 1.1, through the gateway): the catalog with pages, partition predicates
and errors, a schema registry check. Argument: the endpoint."""
import json
import os
import subprocess
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
glue = boto3.client("glue", endpoint_url=endpoint, region_name="us-east-1",
                    aws_access_key_id="000000000000", aws_secret_access_key="secret")
db = "boto_" + uuid.uuid4().hex[:10]
glue.create_database(DatabaseInput={"Name": db, "Description": "from boto3"})
glue.create_table(DatabaseName=db, TableInput={
    "Name": "events", "TableType": "EXTERNAL_TABLE",
    "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"}, {"Name": "body", "Type": "string"}],
                          "Location": "s3://bucket/events/"},
    "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "country", "Type": "string"}]})

inputs = [{"Values": [str(y), c], "StorageDescriptor": {"Location": "s3://bucket/events/%d/%s/" % (y, c)}}
          for y in range(2018, 2025) for c in ("de", "fr", "us")]
for i in range(0, len(inputs), 10):
    out = glue.batch_create_partition(DatabaseName=db, TableName="events", PartitionInputList=inputs[i:i + 10])
    assert out["Errors"] == [], out


def values(expression):
    found = []
    for page in glue.get_paginator("get_partitions").paginate(DatabaseName=db, TableName="events",
                                                              Expression=expression, PaginationConfig={"PageSize": 2}):
        found.extend(tuple(p["Values"]) for p in page["Partitions"])
    return sorted(found)


assert len(values("")) == 21
assert values("year > 2022 AND country = 'us'") == [("2023", "us"), ("2024", "us")]
assert values("year BETWEEN 2019 AND 2020 AND country IN ('de', 'fr')") == [
    ("2019", "de"), ("2019", "fr"), ("2020", "de"), ("2020", "fr")]
assert values("(year = 2018 OR year = 2024) AND NOT country = 'de'") == [
    ("2018", "fr"), ("2018", "us"), ("2024", "fr"), ("2024", "us")]
assert len(values("country LIKE 'f%'")) == 7

try:
    glue.get_partitions(DatabaseName=db, TableName="events", Expression="colour = 'red'")
    raise AssertionError("an unknown key was accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "InvalidInputException", e.response

try:
    glue.get_table(DatabaseName=db, Name="missing")
    raise AssertionError("a missing table was found")
except glue.exceptions.EntityNotFoundException as e:
    assert "missing" in str(e), e

try:
    glue.create_database(DatabaseInput={"Name": db})
    raise AssertionError("a database was created twice")
except glue.exceptions.AlreadyExistsException:
    pass

names = []
for page in glue.get_paginator("get_databases").paginate(PaginationConfig={"PageSize": 1}):
    names.extend(d["Name"] for d in page["DatabaseList"])
assert db in names, names

glue.update_table(DatabaseName=db, TableInput={
    "Name": "events", "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"},
                                                          {"Name": "body", "Type": "string"},
                                                          {"Name": "extra", "Type": "string"}]},
    "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "country", "Type": "string"}]})
versions = glue.get_table_versions(DatabaseName=db, TableName="events")["TableVersions"]
assert [v["VersionId"] for v in versions] == ["2", "1"], versions

# the AWS CLI as a user runs it
env = dict(os.environ, AWS_ACCESS_KEY_ID="000000000000", AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION="us-east-1")
cli = subprocess.run(["aws", "glue", "get-table", "--endpoint-url", endpoint, "--database-name", db, "--name", "events",
                      "--query", "Table.StorageDescriptor.Columns[*].Name", "--output", "json"],
                     capture_output=True, text=True, env=env)
if cli.returncode == 127 or "No such file" in cli.stderr:
    print("aws cli not found: skipped")
else:
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == ["id", "body", "extra"], cli.stdout

reg = glue.create_schema(SchemaName="s" + uuid.uuid4().hex[:8], DataFormat="AVRO", Compatibility="BACKWARD",
                         SchemaDefinition=json.dumps({"type": "record", "name": "R", "fields": [
                             {"name": "a", "type": "long"}]}))
bad = glue.register_schema_version(SchemaId={"SchemaArn": reg["SchemaArn"]}, SchemaDefinition=json.dumps(
    {"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}, {"name": "b", "type": "int"}]}))
assert bad["Status"] == "FAILURE", bad

glue.delete_database(Name=db)
print("boto3 scenario ok")
