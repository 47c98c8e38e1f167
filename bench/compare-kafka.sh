#!/usr/bin/env bash
# MSK benchmark: CreateCluster → ACTIVE for 1 and 3 brokers through the sandbox's gateway (boto3), the resident
# memory of each broker JVM, and producer throughput (acks=all, RECORDS × SIZE bytes, bench's KafkaProduce) through
# an MSK cluster's GetBootstrapBrokers against a broker started by hand from the same jars (the engine folder the
# build packed) with the same JVM options: Overcast adds nothing to Kafka's data path, so the two should be equal
# within noise. Prints one line per figure.
#
#   bench/compare-kafka.sh [RECORDS] [SIZE] [PAIRS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
source bench/lib.sh
RECORDS="${1:-200000}"
SIZE="${2:-1024}"
PAIRS="${3:-2}"
OVERCAST_KAFKA_PORT=$(free_port)
export OVERCAST_KAFKA_PORT
WORK="$(mktemp -d)"
trap cleanup EXIT
[ "${SKIP_BUILD:-}" = 1 ] || build
start_sandbox
export AWS_ACCESS_KEY_ID=000000000000 AWS_SECRET_ACCESS_KEY=secret AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
msk() { aws --endpoint-url "$OVERCAST_ENDPOINT" kafka "$@" --output json; }

create_active() { # brokers: prints the ARN after printing the time to ACTIVE
    # boto3 in one process polls DescribeCluster every 0.2 s: an AWS CLI process per poll costs about 0.5 CPU s of
    # its own, CPU the brokers starting beside it lack on a small machine
    local brokers=$1 arn name="bench-$1-$RANDOM"
    arn=$(python3 - "$OVERCAST_ENDPOINT" "$name" "$brokers" <<'PY'
import boto3, sys, time
endpoint, name, brokers = sys.argv[1], sys.argv[2], int(sys.argv[3])
msk = boto3.client("kafka", endpoint_url=endpoint)
t0 = time.time()
arn = msk.create_cluster(ClusterName=name, KafkaVersion="4.4.x", NumberOfBrokerNodes=brokers,
                         BrokerNodeGroupInfo={"InstanceType": "kafka.m5.large",
                                              "ClientSubnets": ["subnet-%d" % i for i in range(brokers)]})["ClusterArn"]
while (state := msk.describe_cluster(ClusterArn=arn)["ClusterInfo"]["State"]) != "ACTIVE":
    if state == "FAILED":
        sys.exit("cluster FAILED")
    time.sleep(0.2)
with open("/proc/loadavg") as f:
    load = f.read().split()[0]
print("create-cluster brokers=%d seconds-to-active=%.2f load=%s" % (brokers, time.time() - t0, load), file=sys.stderr)
print(arn)
PY
)
    # the service's own account: the wait for the Kafka version's class data archive (a new data directory's first
    # cluster), brokers serving, then in the metadata; the brokers' CPU seconds
    grep -h -e "Cluster ${arn##*/}: " -e "Cluster $name: .* answer metadata" -e "Class data archive of Kafka" "$WORK/overcast.log" \
        | sed 's/.* - /  service: /' >&2 || true
    echo "$arn"
}

rss_of_brokers() { # prints the resident memory of every MSK broker JVM
    for pid in $(pgrep -f -- '-Dovercast.engine=broker@' || true); do
        echo "broker pid=$pid rss-MiB=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))"
    done
}

ONE=$(create_active 1)
THREE=$(create_active 3)
rss_of_brokers
BOOTSTRAP=$(msk get-bootstrap-brokers --cluster-arn "$ONE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["BootstrapBrokerString"])')

# the same jars and JVM options, one broker started by hand (KRaft, broker and controller in one)
ENGINE=$(ls -d "$WORK"/overcast/engines/kafka-4.4.0 2>/dev/null || ls -d engine-kafka/target/classes/overcast-engines/kafka-4.4.0)
HAND="$WORK/by-hand"; mkdir -p "$HAND"
P=$(free_port); C=$(free_port)
cat > "$HAND/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$C
listeners=PLAINTEXT://127.0.0.1:$P,CONTROLLER://127.0.0.1:$C
controller.listener.names=CONTROLLER
log.dirs=$HAND/logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
num.network.threads=2
num.io.threads=2
PROPS
JVM="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxDirectMemorySize=64m"
"$JAVA_HOME/bin/java" $JVM -cp "$ENGINE/*" kafka.tools.StorageTool format --cluster-id AAAAAAAAAAAAAAAAAAAAAA \
    --config "$HAND/server.properties" > "$HAND/format.log" 2>&1
"$JAVA_HOME/bin/java" $JVM -cp "$ENGINE/*" kafka.Kafka "$HAND/server.properties" > "$HAND/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 240); do grep -q "Kafka Server started" "$HAND/broker.log" 2>/dev/null && break; sleep 0.5; done

for pair in $(seq 1 "$PAIRS"); do
    echo "by-hand $("$JAVA_HOME/bin/java" -cp bench/target/bench.jar dev.overcast.bench.KafkaProduce "127.0.0.1:$P" "t$pair" "$RECORDS" "$SIZE")"
    echo "overcast-msk $("$JAVA_HOME/bin/java" -cp bench/target/bench.jar dev.overcast.bench.KafkaProduce "$BOOTSTRAP" "t$pair" "$RECORDS" "$SIZE")"
done
msk delete-cluster --cluster-arn "$ONE" > /dev/null
msk delete-cluster --cluster-arn "$THREE" > /dev/null
