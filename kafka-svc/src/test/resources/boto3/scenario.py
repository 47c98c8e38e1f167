"""MSK through boto3 (REST-JSON): configurations, clusters, versions, tags, operations, MSK's errors. Argument: the endpoint."""
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
msk = boto3.client("kafka", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="000000000000", aws_secret_access_key="secret")
suffix = uuid.uuid4().hex[:8]

versions = [v["Version"] for v in msk.list_kafka_versions()["KafkaVersions"]]
assert versions == ["4.0.x", "4.4.x"], versions

conf = msk.create_configuration(Name="boto-conf-" + suffix, KafkaVersions=["4.4.x"],
                                ServerProperties=b"auto.create.topics.enable=false\nlog.retention.hours=12\n")
assert conf["LatestRevision"]["Revision"] == 1, conf
rev = msk.describe_configuration_revision(Arn=conf["Arn"], Revision=1)
assert b"log.retention.hours=12" in rev["ServerProperties"], rev

try:
    msk.create_configuration(Name="boto-bad-" + suffix, ServerProperties=b"log.dirs=/tmp\n")
    raise AssertionError("a property MSK does not allow was accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "BadRequestException", e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
    assert "log.dirs" in e.response["Error"]["Message"], e.response

name = "boto-" + suffix
created = msk.create_cluster_v2(ClusterName=name, Tags={"owner": "boto3"}, Provisioned={
    "KafkaVersion": "4.4.x", "NumberOfBrokerNodes": 1,
    "BrokerNodeGroupInfo": {"InstanceType": "kafka.t3.small", "ClientSubnets": ["subnet-1"]},
    "ConfigurationInfo": {"Arn": conf["Arn"], "Revision": 1}})
arn = created["ClusterArn"]
assert created["State"] == "CREATING" and created["ClusterType"] == "PROVISIONED", created

info = msk.describe_cluster_v2(ClusterArn=arn)["ClusterInfo"]
assert info["ClusterName"] == name and info["Tags"] == {"owner": "boto3"}, info
assert info["Provisioned"]["CurrentBrokerSoftwareInfo"]["ConfigurationRevision"] == 1, info
listed = msk.list_clusters_v2(ClusterNameFilter=name)["ClusterInfoList"]
assert [c["ClusterArn"] for c in listed] == [arn], listed
msk.tag_resource(ResourceArn=arn, Tags={"env": "ci"})
assert msk.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"owner": "boto3", "env": "ci"}

# a configuration in use cannot be deleted
try:
    msk.delete_configuration(Arn=conf["Arn"])
    raise AssertionError("a configuration in use was deleted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "BadRequestException", e.response

# a cluster that is not ACTIVE cannot be changed
try:
    msk.update_broker_count(ClusterArn=arn, CurrentVersion=info["CurrentVersion"], TargetNumberOfBrokerNodes=2)
    raise AssertionError("a CREATING cluster was changed")
except ClientError as e:
    assert e.response["Error"]["Code"] == "BadRequestException", e.response

for bad, code, status in [
        (lambda: msk.describe_cluster(ClusterArn=arn[:-3] + "zzz"), "NotFoundException", 404),
        (lambda: msk.create_cluster(ClusterName="zk-" + suffix, KafkaVersion="2.8.1", NumberOfBrokerNodes=1,
                                    BrokerNodeGroupInfo={"InstanceType": "kafka.t3.small", "ClientSubnets": ["s"]}),
         "BadRequestException", 400),
        (lambda: msk.create_cluster_v2(ClusterName=name, Provisioned={
            "KafkaVersion": "4.4.x", "NumberOfBrokerNodes": 1,
            "BrokerNodeGroupInfo": {"InstanceType": "kafka.t3.small", "ClientSubnets": ["s"]}}), "ConflictException", 409)]:
    try:
        bad()
        raise AssertionError("no error, expected " + code)
    except ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == status, e.response

# a cluster may be deleted while it is still being created
deleted = msk.delete_cluster(ClusterArn=arn)
assert deleted["State"] == "DELETING", deleted
print("boto3 scenario ok")
