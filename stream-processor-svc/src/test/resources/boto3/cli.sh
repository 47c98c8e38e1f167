#!/bin/sh
# The AWS CLI's kinesisanalyticsv2 commands against the service. Argument: the endpoint.
set -eu
ep="$1"
export AWS_ACCESS_KEY_ID=000000000000 AWS_SECRET_ACCESS_KEY=secret AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
name="cli-$$-$(date +%s)"
aws --endpoint-url "$ep" kinesisanalyticsv2 create-application --application-name "$name" \
    --runtime-environment FLINK-1_19 --service-execution-role arn:aws:iam::000000000000:role/r \
    --query ApplicationDetail.ApplicationStatus --output text | grep -qx READY
aws --endpoint-url "$ep" kinesisanalyticsv2 list-applications --query 'ApplicationSummaries[].ApplicationName' \
    --output text | grep -q "$name"
if aws --endpoint-url "$ep" kinesisanalyticsv2 start-application --application-name "$name" 2> err.txt; then
    echo "started an application without code" >&2; exit 1
fi
grep -q InvalidApplicationConfigurationException err.txt
# a refused start did no work: no operation
aws --endpoint-url "$ep" kinesisanalyticsv2 list-application-operations --application-name "$name" \
    --query 'length(ApplicationOperationInfoList)' --output text | grep -qx 0
ts=$(aws --endpoint-url "$ep" kinesisanalyticsv2 describe-application --application-name "$name" \
    --query ApplicationDetail.CreateTimestamp --output text)
aws --endpoint-url "$ep" kinesisanalyticsv2 delete-application --application-name "$name" --create-timestamp "$ts"
echo ok
