package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Reads a DynamoDB stream with the SDK as the KCL's DynamoDB Streams adapter does: every shard, parents first. */
final class StreamReading {

    private StreamReading() {
    }

    /** Every shard of the stream, a page of two at a time, as DescribeStream pages them. */
    static List<Shard> shards(DynamoDbStreamsClient streams, String arn) {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            StreamDescription d = streams.describeStream(b -> b.streamArn(arn).limit(2).exclusiveStartShardId(from))
                    .streamDescription();
            all.addAll(d.shards());
            start = d.lastEvaluatedShardId();
        } while (start != null);
        return all;
    }

    /** A shard from TRIM_HORIZON to its end (a closed one) or to its newest record (an open one). */
    static List<Record> readShard(DynamoDbStreamsClient streams, String arn, Shard shard) {
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> out = new ArrayList<>();
        while (iterator != null) {
            String it = iterator;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(it).limit(20));
            out.addAll(page.records());
            iterator = page.nextShardIterator();
            if (page.records().isEmpty() && iterator != null) {
                assertThat(shard.sequenceNumberRange().endingSequenceNumber()).as("an open shard").isNull();
                break;
            }
        }
        return out;
    }

    /** Every record of the stream, each shard read only after its parent, as the KCL adapter does. */
    static List<Record> readByLineage(DynamoDbStreamsClient streams, String arn) {
        List<Shard> pending = new ArrayList<>(shards(streams, arn));
        Set<String> known = pending.stream().map(Shard::shardId).collect(Collectors.toSet());
        Set<String> done = new HashSet<>();
        List<Record> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            Shard next = pending.stream()
                    .filter(x -> x.parentShardId() == null || !known.contains(x.parentShardId()) || done.contains(x.parentShardId()))
                    .findFirst().orElseThrow(() -> new AssertionError("a shard whose parent never ends: " + pending));
            out.addAll(readShard(streams, arn, next));
            done.add(next.shardId());
            pending.remove(next);
        }
        return out;
    }
}
