#!/usr/bin/env bash
# Glue figures against the Overcast sandbox (started here), with boto3 through the gateway:
#   - GetPartitions with an expression over 10,000 partitions (100 years × 100 countries; median of 20 calls for each
#     expression): served from the partition value indexes, so its time should not grow with the partition count;
#   - a crawl of 1,000 CSV objects in 100 Hive-style partitions: StartCrawler → READY.
#
#   bench/glue-catalog.sh            (SKIP_BUILD=1 reuses sandbox/target/sandbox.jar)
#
# Needs python3 with boto3. Durable commits: Overcast acknowledges only after PostgreSQL commits (fsync on).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_settings 1 1 "$@"
export OVERCAST_GLUE_PORT=0
[ "${SKIP_BUILD:-}" = 1 ] || ./mvnw -B -q -pl sandbox -am package -DskipTests
start_sandbox
python3 - "$OVERCAST_ENDPOINT" <<'PY'
import statistics
import sys
import time
import uuid

import boto3

endpoint = sys.argv[1]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="000000000000",
          aws_secret_access_key="bench")
glue = boto3.client("glue", **kw)
s3 = boto3.client("s3", **kw)

db = "bench_" + uuid.uuid4().hex[:8]
glue.create_database(DatabaseInput={"Name": db})
glue.create_table(DatabaseName=db, TableInput={"Name": "big", "PartitionKeys": [
    {"Name": "year", "Type": "int"}, {"Name": "country", "Type": "string"}]})
started = time.time()
inputs = [{"Values": [str(y), "c%d" % c]} for y in range(1925, 2025) for c in range(100)]
for i in range(0, len(inputs), 100):
    glue.batch_create_partition(DatabaseName=db, TableName="big", PartitionInputList=inputs[i:i + 100])
print("BatchCreatePartition of 10,000 partitions: %.1f s" % (time.time() - started))
for expression in ["year = 2020 AND country = 'c7'", "year >= 2020 AND country IN ('c7', 'c42')",
                   "year BETWEEN 1950 AND 1960", "country LIKE 'c9%' AND year < 1930"]:
    times = []
    for _ in range(20):
        t = time.perf_counter()
        n = sum(len(p["Partitions"]) for p in glue.get_paginator("get_partitions").paginate(
            DatabaseName=db, TableName="big", Expression=expression))
        times.append((time.perf_counter() - t) * 1000)
    print("GetPartitions %-45s %5d partitions, median %.1f ms" % (expression, n, statistics.median(times)))

bucket = "bench-" + uuid.uuid4().hex[:8]
s3.create_bucket(Bucket=bucket)
for p in range(100):
    for f in range(10):
        s3.put_object(Bucket=bucket, Key="data/sales/day=%03d/part-%d.csv" % (p, f),
                      Body=b"id,amount,product\n1,2.5,apple\n2,3,pear\n")
crawler = "bench_" + uuid.uuid4().hex[:8]
glue.create_crawler(Name=crawler, Role="r", DatabaseName=db,
                    Targets={"S3Targets": [{"Path": "s3://%s/data/" % bucket}]})
t = time.time()
glue.start_crawler(Name=crawler)
while glue.get_crawler(Name=crawler)["Crawler"]["State"] != "READY":
    time.sleep(0.2)
parts = sum(len(p["Partitions"]) for p in glue.get_paginator("get_partitions").paginate(DatabaseName=db, TableName="sales"))
print("Crawl of 1,000 objects in 100 partitions: %.1f s (%s, %d partitions)"
      % (time.time() - t, glue.get_crawler(Name=crawler)["Crawler"]["LastCrawl"]["Status"], parts))
PY
