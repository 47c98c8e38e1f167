"""Managed Flink through boto3 (kinesisanalyticsv2, JSON 1.1): create, describe, update, versions, tags, errors.
Argument: the endpoint."""
import sys
import uuid
from datetime import datetime

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
flink = boto3.client("kinesisanalyticsv2", endpoint_url=endpoint, region_name="us-east-1",
                     aws_access_key_id="000000000000", aws_secret_access_key="secret")
name = "boto-" + uuid.uuid4().hex[:10]
created = flink.create_application(
    ApplicationName=name, RuntimeEnvironment="FLINK-1_20", ServiceExecutionRole="arn:aws:iam::000000000000:role/r",
    ApplicationConfiguration={
        "ApplicationCodeConfiguration": {"CodeContentType": "ZIPFILE", "CodeContent": {"S3ContentLocation": {
            "BucketARN": "arn:aws:s3:::code", "FileKey": "app.jar"}}},
        "EnvironmentProperties": {"PropertyGroups": [{"PropertyGroupId": "g", "PropertyMap": {"k": "v"}}]},
        "ApplicationSnapshotConfiguration": {"SnapshotsEnabled": True}},
    Tags=[{"Key": "team", "Value": "data"}])["ApplicationDetail"]
assert created["ApplicationStatus"] == "READY", created
assert created["RuntimeEnvironment"] == "FLINK-1_20", created
assert isinstance(created["CreateTimestamp"], datetime), created

d = flink.describe_application(ApplicationName=name)["ApplicationDetail"]
flink_conf = d["ApplicationConfigurationDescription"]["FlinkApplicationConfigurationDescription"]
assert flink_conf["ParallelismConfigurationDescription"]["Parallelism"] == 1, flink_conf
assert flink_conf["CheckpointConfigurationDescription"]["CheckpointInterval"] == 60000, flink_conf
assert d["ApplicationConfigurationDescription"]["ApplicationSnapshotConfigurationDescription"]["SnapshotsEnabled"]

updated = flink.update_application(ApplicationName=name, CurrentApplicationVersionId=1, ApplicationConfigurationUpdate={
    "FlinkApplicationConfigurationUpdate": {"ParallelismConfigurationUpdate": {
        "ConfigurationTypeUpdate": "CUSTOM", "ParallelismUpdate": 3, "AutoScalingEnabledUpdate": False}}})["ApplicationDetail"]
assert updated["ApplicationVersionId"] == 2 and updated["ApplicationVersionUpdatedFrom"] == 1, updated
assert updated["ApplicationConfigurationDescription"]["ApplicationSystemRollbackConfigurationDescription"] == {
    "RollbackEnabled": False}, updated
# operations (newer than the served Java SDK model): the update of a READY application succeeded at once
update_op = flink.list_application_operations(ApplicationName=name)["ApplicationOperationInfoList"]
assert [(o["Operation"], o["OperationStatus"]) for o in update_op] == [("UpdateApplication", "SUCCESSFUL")], update_op
op = flink.describe_application_operation(ApplicationName=name, OperationId=update_op[0]["OperationId"])
details = op["ApplicationOperationInfoDetails"]
assert details["ApplicationVersionChangeDetails"] == {"ApplicationVersionUpdatedFrom": 1, "ApplicationVersionUpdatedTo": 2}, op
assert isinstance(details["StartTime"], datetime) and isinstance(details["EndTime"], datetime), op
assert flink.list_application_operations(ApplicationName=name, OperationStatus="FAILED")["ApplicationOperationInfoList"] == []
def error(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]
    raise AssertionError("no error from %s %s" % (call.__name__, kwargs))


# logging options and VPC configurations: each change a new version and an operation of its own
logging = flink.add_application_cloud_watch_logging_option(ApplicationName=name, CurrentApplicationVersionId=2,
    CloudWatchLoggingOption={"LogStreamARN": "arn:aws:logs:us-east-1:000000000000:log-group:g:log-stream:s"})
assert logging["ApplicationVersionId"] == 3 and logging["OperationId"], logging
vpc = flink.add_application_vpc_configuration(ApplicationName=name, CurrentApplicationVersionId=3,
    VpcConfiguration={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]})
assert vpc["ApplicationVersionId"] == 4 and vpc["OperationId"], vpc
removed = flink.delete_application_vpc_configuration(ApplicationName=name, CurrentApplicationVersionId=4,
    VpcConfigurationId=vpc["VpcConfigurationDescription"]["VpcConfigurationId"])
removed_logging = flink.delete_application_cloud_watch_logging_option(ApplicationName=name, CurrentApplicationVersionId=5,
    CloudWatchLoggingOptionId=logging["CloudWatchLoggingOptionDescriptions"][0]["CloudWatchLoggingOptionId"])
assert removed_logging["ApplicationVersionId"] == 6, removed_logging
ops = flink.list_application_operations(ApplicationName=name)["ApplicationOperationInfoList"]
assert [(o["Operation"], o["OperationStatus"]) for o in ops] == [
    ("DeleteApplicationCloudWatchLoggingOption", "SUCCESSFUL"), ("DeleteApplicationVpcConfiguration", "SUCCESSFUL"),
    ("AddApplicationVpcConfiguration", "SUCCESSFUL"), ("AddApplicationCloudWatchLoggingOption", "SUCCESSFUL"),
    ("UpdateApplication", "SUCCESSFUL")], ops
assert ops[2]["OperationId"] == vpc["OperationId"] and ops[1]["OperationId"] == removed["OperationId"], ops
logging_ops = flink.list_application_operations(ApplicationName=name, Operation="AddApplicationCloudWatchLoggingOption")
assert [o["OperationId"] for o in logging_ops["ApplicationOperationInfoList"]] == [logging["OperationId"]], logging_ops
op = flink.describe_application_operation(ApplicationName=name, OperationId=logging["OperationId"])
assert op["ApplicationOperationInfoDetails"]["ApplicationVersionChangeDetails"] == {
    "ApplicationVersionUpdatedFrom": 2, "ApplicationVersionUpdatedTo": 3}, op
# a change refused changes nothing and records no operation
assert error(flink.add_application_vpc_configuration, ApplicationName=name, CurrentApplicationVersionId=1,
             VpcConfiguration={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]})["Code"] == \
    "ConcurrentModificationException"
assert len(flink.list_application_operations(ApplicationName=name)["ApplicationOperationInfoList"]) == 5
versions = flink.list_application_versions(ApplicationName=name)["ApplicationVersionSummaries"]
assert [v["ApplicationVersionId"] for v in versions] == [6, 5, 4, 3, 2, 1], versions
assert flink.list_tags_for_resource(ResourceARN=created["ApplicationARN"])["Tags"] == [{"Key": "team", "Value": "data"}]
assert name in [s["ApplicationName"] for s in flink.list_applications()["ApplicationSummaries"]]


assert error(flink.create_application, ApplicationName=name, RuntimeEnvironment="FLINK-1_19",
             ServiceExecutionRole="arn:aws:iam::000000000000:role/r")["Code"] == "ResourceInUseException"
assert error(flink.describe_application, ApplicationName="nope-" + name)["Code"] == "ResourceNotFoundException"
assert error(flink.update_application, ApplicationName=name, CurrentApplicationVersionId=1,
             ServiceExecutionRoleUpdate="arn:aws:iam::000000000000:role/x")["Code"] == "ConcurrentModificationException"
assert error(flink.stop_application, ApplicationName=name)["Code"] == "ResourceInUseException"
# the model's pattern, checked by the service (botocore checks only lengths and ranges)
e = error(flink.create_application, ApplicationName="bad name!", RuntimeEnvironment="FLINK-1_19",
          ServiceExecutionRole="arn:aws:iam::000000000000:role/r")
assert e["Code"] == "ValidationException" and e["Message"].startswith("1 validation error detected"), e
assert error(flink.describe_application_operation, ApplicationName=name, OperationId="nope")["Code"] == \
    "ResourceNotFoundException"
e = error(flink.list_application_operations, ApplicationName=name, Limit=51)
assert e["Code"] == "ValidationException", e
# an action of the SQL (v1) applications Overcast does not run: a clear refusal, never a silent success
e = error(flink.add_application_input, ApplicationName=name, CurrentApplicationVersionId=2, Input={
    "NamePrefix": "p", "InputSchema": {"RecordFormat": {"RecordFormatType": "JSON"}, "RecordColumns": [
        {"Name": "c", "SqlType": "INT"}]}})
assert e["Code"] == "UnknownOperationException" and "not implemented" in e["Message"], e

flink.delete_application(ApplicationName=name, CreateTimestamp=created["CreateTimestamp"])
print("boto3 scenario ok")
