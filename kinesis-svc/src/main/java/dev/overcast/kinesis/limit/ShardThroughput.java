package dev.overcast.kinesis.limit;

import dev.overcast.common.error.AwsException;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.stream.Stream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A shard's throughput limits, as a PROVISIONED shard has them on AWS (ON_DEMAND streams' shards have the same
 * per-shard limits there; the stream scales by adding shards): in, 1 MiB/s of data and partition keys or 1,000
 * records/s; out, 5 GetRecords calls/s and 2 MiB/s, where a large read is allowed and the calls after it are refused
 * until the shard has paid it off (a 10 MiB read blocks the next five seconds, as AWS documents); 5 GetShardIterator
 * calls/s.
 *
 * <p>Only with {@code overcast.kinesis.limits=true} ({@code OVERCAST_KINESIS_LIMITS}); off by default. The buckets are
 * in memory, per replica of the service: with N replicas behind a load balancer a shard takes up to N times the rate.
 */
@Component
public class ShardThroughput {

    static final double WRITE_BYTES = 1024 * 1024;
    static final double WRITE_RECORDS = 1000;
    static final double READ_BYTES = 2 * 1024 * 1024;
    static final double READ_CALLS = 5;
    static final double ITERATOR_CALLS = 5;

    private record Key(long streamId, int shardIndex) {
    }

    private static final class Buckets {
        final TokenBucket writeBytes = new TokenBucket(WRITE_BYTES);
        final TokenBucket writeRecords = new TokenBucket(WRITE_RECORDS);
        final TokenBucket readBytes = new TokenBucket(READ_BYTES);
        final TokenBucket readCalls = new TokenBucket(READ_CALLS);
        final TokenBucket iteratorCalls = new TokenBucket(ITERATOR_CALLS);
    }

    private final Map<Key, Buckets> shards = new ConcurrentHashMap<>();
    private volatile boolean enabled;

    public ShardThroughput(@Value("${overcast.kinesis.limits:false}") boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Switches the limits on or off at run time (tests; the property sets it at start). */
    public void enable(boolean on) {
        this.enabled = on;
        shards.clear();
    }

    private Buckets of(long streamId, int shardIndex) {
        return shards.computeIfAbsent(new Key(streamId, shardIndex), k -> new Buckets());
    }

    /**
     * Admits one record of {@code bytes} (data and partition key) into the shard, or says no: then nothing is taken,
     * and the record fails with ProvisionedThroughputExceededException.
     */
    public boolean admitWrite(long streamId, int shardIndex, long bytes) {
        if (!enabled) {
            return true;
        }
        Buckets b = of(streamId, shardIndex);
        synchronized (b) { // both limits or neither
            if (!b.writeRecords.holds(1) || !b.writeBytes.holds(bytes)) {
                return false;
            }
            b.writeRecords.debit(1);
            b.writeBytes.debit(bytes);
            return true;
        }
    }

    /** A GetRecords call on the shard: refused past 5 a second, or while a large read is being paid off. */
    public void admitRead(Stream stream, int shardIndex) {
        if (!enabled) {
            return;
        }
        Buckets b = of(stream.id(), shardIndex);
        if (!b.readBytes.positive() || !b.readCalls.tryTake(1)) {
            throw exceeded(stream, shardIndex);
        }
    }

    /** What a GetRecords call read, paid from the shard's 2 MiB/s (into debt when it read more). */
    public void paid(long streamId, int shardIndex, long bytes) {
        if (enabled && bytes > 0) {
            of(streamId, shardIndex).readBytes.debit(bytes);
        }
    }

    /** A GetShardIterator call on the shard: 5 a second. */
    public void admitIterator(Stream stream, int shardIndex) {
        if (enabled && !of(stream.id(), shardIndex).iteratorCalls.tryTake(1)) {
            throw exceeded(stream, shardIndex);
        }
    }

    /** "Rate exceeded for shard shardId-000000000001 in stream s under account 111111111111." as AWS words it. */
    public static String message(Stream stream, int shardIndex) {
        return "Rate exceeded for shard " + Shard.id(shardIndex) + " in stream " + stream.name() + " under account "
                + stream.account() + ".";
    }

    public static AwsException exceeded(Stream stream, int shardIndex) {
        return KinesisErrors.throughputExceeded(message(stream, shardIndex));
    }
}
