"""One kinesisanalyticsv2 call through boto3 (whose model is newer than the served SDK's): prints the response as JSON,
or the error as {"Error": {...}}. Arguments: the endpoint, the operation (boto3's snake_case name), its parameters as
JSON."""
import json
import sys

import boto3
from botocore.exceptions import ClientError

flink = boto3.client("kinesisanalyticsv2", endpoint_url=sys.argv[1], region_name="us-east-1",
                     aws_access_key_id="000000000000", aws_secret_access_key="secret")
try:
    response = getattr(flink, sys.argv[2])(**json.loads(sys.argv[3]))
    response.pop("ResponseMetadata", None)
except ClientError as e:
    response = {"Error": e.response["Error"]}
print(json.dumps(response, default=str))
