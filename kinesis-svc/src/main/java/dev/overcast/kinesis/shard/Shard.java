package dev.overcast.kinesis.shard;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;

/** A shard as stored: its hash-key range, its lineage, its counters, open or closed. */
public record Shard(long streamId, int index, BigInteger startingHashKey, BigInteger endingHashKey,
                    Integer parentIndex, Integer adjacentParentIndex, long startingCounter, Long endingCounter,
                    long lastCounter, Instant createdAt, Instant closedAt) {

    /** shardId-000000000007 */
    public static String id(int index) {
        return String.format("shardId-%012d", index);
    }

    /** The index a shard id names, or -1 when it names none (any text before the last '-' is ignored, as AWS does). */
    public static int index(String shardId) {
        String digits = shardId.substring(shardId.lastIndexOf('-') + 1);
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long ix = Long.parseLong(digits);
        return ix > Integer.MAX_VALUE ? -1 : (int) ix;
    }

    public String id() {
        return id(index);
    }

    public boolean open() {
        return closedAt == null;
    }

    public boolean holds(BigInteger hashKey) {
        return hashKey.compareTo(startingHashKey) >= 0 && hashKey.compareTo(endingHashKey) <= 0;
    }

    public HashKeyRange hashKeyRange() {
        return HashKeyRange.builder().startingHashKey(startingHashKey.toString()).endingHashKey(endingHashKey.toString()).build();
    }

    /** The shard as GetRecords names it at the end of a parent: its id, its parents, its range. */
    public ChildShard toChild() {
        List<String> parents = new ArrayList<>(2);
        parents.add(id(parentIndex));
        if (adjacentParentIndex != null) {
            parents.add(id(adjacentParentIndex));
        }
        return ChildShard.builder().shardId(id()).parentShards(parents).hashKeyRange(hashKeyRange()).build();
    }

    /** The shard as DescribeStream and ListShards show it. */
    public software.amazon.awssdk.services.kinesis.model.Shard toModel() {
        return software.amazon.awssdk.services.kinesis.model.Shard.builder()
                .shardId(id())
                .parentShardId(parentIndex == null ? null : id(parentIndex))
                .adjacentParentShardId(adjacentParentIndex == null ? null : id(adjacentParentIndex))
                .hashKeyRange(hashKeyRange())
                .sequenceNumberRange(SequenceNumberRange.builder()
                        .startingSequenceNumber(new SequenceNumber(startingCounter, index, streamId).toString())
                        .endingSequenceNumber(endingCounter == null ? null
                                : new SequenceNumber(endingCounter, index, streamId).toString())
                        .build())
                .build();
    }
}
