package dev.overcast.firehose.processing;

import java.time.Instant;
import java.util.Map;

/**
 * A record on its way through the processors: its data now, when it arrived, the partition keys found for it
 * (MetadataExtraction's and the Lambda function's), and the data it arrived with (what an error record reports).
 */
public record Item(String recordId, Instant arrivedAt, byte[] data, Map<String, String> partitionKeys, byte[] raw) {

    public Item withData(byte[] newData) {
        return new Item(recordId, arrivedAt, newData, partitionKeys, raw);
    }

    public Item withKeys(Map<String, String> keys) {
        return new Item(recordId, arrivedAt, data, keys, raw);
    }
}
