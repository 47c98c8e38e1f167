# MSK Connect through the sandbox's one endpoint with boto3's kafkaconnect client (routed to MSK Connect, not MSK, by
# its signing name): worker configurations, listings, and MSK Connect's errors.
import base64
import sys
import uuid

import boto3
from botocore.exceptions import ClientError

connect = boto3.client("kafkaconnect", endpoint_url=sys.argv[1], region_name="us-east-1",
                       aws_access_key_id="000000000000", aws_secret_access_key="secret")


def refused(code, status, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == status, e.response
        return e.response["Error"]["Message"]
    raise SystemExit("expected " + code + " from " + call.__name__)


assert isinstance(connect.list_connectors()["connectors"], list)
assert isinstance(connect.list_custom_plugins()["customPlugins"], list)

name = "boto3-workers-" + uuid.uuid4().hex[:8]
content = base64.b64encode(b"key.converter=org.apache.kafka.connect.storage.StringConverter\n"
                           b"offset.flush.interval.ms=5000\n").decode()
created = connect.create_worker_configuration(name=name, description="string keys", propertiesFileContent=content)
arn = created["workerConfigurationArn"]
assert arn.startswith("arn:aws:kafkaconnect:us-east-1:000000000000:worker-configuration/" + name + "/"), arn
assert created["latestRevision"]["revision"] == 1, created

described = connect.describe_worker_configuration(workerConfigurationArn=arn)
assert described["name"] == name, described
assert described["description"] == "string keys", described
assert described["workerConfigurationState"] == "ACTIVE", described
assert described["latestRevision"]["revision"] == 1, described
assert described["latestRevision"]["propertiesFileContent"] == content, described

listed = connect.list_worker_configurations(namePrefix=name)["workerConfigurations"]
assert [w["workerConfigurationArn"] for w in listed] == [arn], listed

# a setting MSK Connect keeps for itself is refused, and nothing is created
message = refused("BadRequestException", 400, connect.create_worker_configuration, name=name + "-managed",
                  propertiesFileContent=base64.b64encode(b"bootstrap.servers=elsewhere:9092\n").decode())
assert "bootstrap.servers" in message, message
assert connect.list_worker_configurations(namePrefix=name + "-managed")["workerConfigurations"] == []
missing = arn[:arn.rindex("/")] + "/00000000-0000-0000-0000-000000000000-1"
refused("NotFoundException", 404, connect.describe_worker_configuration, workerConfigurationArn=missing)
refused("NotFoundException", 404, connect.describe_connector,
        connectorArn="arn:aws:kafkaconnect:us-east-1:000000000000:connector/none/00000000-0000-0000-0000-000000000000-1")

connect.delete_worker_configuration(workerConfigurationArn=arn)
refused("NotFoundException", 404, connect.describe_worker_configuration, workerConfigurationArn=arn)
print("boto3 scenario ok")
