package dev.overcast.kinesis.record;

import dev.overcast.kinesis.shard.SequenceNumber;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

/** A record as read back: its counter in its shard, its partition key, its bytes, when it arrived. */
public record StoredRecord(long counter, String partitionKey, byte[] data, Instant arrivedAt) {

    /** Its data and partition key in bytes, what the throughput limits count. */
    public long size() {
        return data.length + (long) partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** The record as GetRecords and SubscribeToShard hand it out. */
    public Record toModel(long streamId, int shardIndex) {
        return Record.builder()
                .sequenceNumber(new SequenceNumber(counter, shardIndex, streamId).toString())
                .approximateArrivalTimestamp(arrivedAt.truncatedTo(ChronoUnit.MILLIS))
                .data(SdkBytes.fromByteArrayUnsafe(data))
                .partitionKey(partitionKey)
                .build();
    }
}
