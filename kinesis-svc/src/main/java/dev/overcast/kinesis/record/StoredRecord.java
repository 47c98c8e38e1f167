package dev.overcast.kinesis.record;

import java.time.Instant;

/** A record as read back: its counter in its shard, its partition key, its bytes, when it arrived. */
public record StoredRecord(long counter, String partitionKey, byte[] data, Instant arrivedAt) {
}
