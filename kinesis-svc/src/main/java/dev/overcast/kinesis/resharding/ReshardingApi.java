package dev.overcast.kinesis.resharding;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.shard.Counters;
import dev.overcast.kinesis.shard.HashKeys;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import dev.overcast.kinesis.stream.ShardLimit;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * Resharding of PROVISIONED streams: SplitShard, MergeShards and UpdateShardCount. Each is one transaction under the
 * stream's row lock: the parents close (after their in-flight writes commit, so they keep every acknowledged record
 * and get their ending sequence number), the children open with their lineage, and the stream is UPDATING for the
 * status delay, then ACTIVE again.
 */
@AwsApi(api = "kinesis")
public class ReshardingApi {

    /** UpdateShardCount's limits on AWS: ten scalings a stream in a rolling 24 hours, 10,000 shards a stream. */
    static final int SCALINGS_PER_DAY = 10;
    static final int MAX_SHARDS_PER_STREAM = 10_000;
    static final String SHARD_COUNT = "SHARD_COUNT";

    private final Streams streams;
    private final StreamStore store;
    private final ShardStore shards;
    private final ShardLimit shardLimit;
    private final TransactionTemplate tx;
    private final Duration statusDelay;
    private final SuiteClock clock;

    public ReshardingApi(Streams streams, StreamStore store, ShardStore shards, ShardLimit shardLimit, TransactionTemplate tx,
                         @Value("${overcast.kinesis.status-delay:300ms}") Duration statusDelay, SuiteClock clock) {
        this.clock = clock;
        this.streams = streams;
        this.store = store;
        this.shards = shards;
        this.shardLimit = shardLimit;
        this.tx = tx;
        this.statusDelay = statusDelay;
    }

    /** Closes ShardToSplit; its children hold [start, NewStartingHashKey − 1] and [NewStartingHashKey, end]. */
    public SplitShardResponse splitShard(RequestContext ctx, SplitShardRequest r) {
        BigInteger key = new BigInteger(r.newStartingHashKey());
        reshard(ctx, r.streamName(), r.streamARN(), stream -> {
            Shard parent = requireOpen(ctx, stream, r.shardToSplit());
            shardLimit.check(ctx, 1);
            if (key.compareTo(parent.startingHashKey().add(BigInteger.ONE)) <= 0 || key.compareTo(parent.endingHashKey()) >= 0) {
                throw KinesisErrors.invalidArgument("NewStartingHashKey " + r.newStartingHashKey() + " used in SplitShard() on shard "
                        + parent.id() + " in stream " + stream.name() + " under account " + ctx.account()
                        + " is not both greater than one plus the shard's StartingHashKey " + parent.startingHashKey()
                        + " and less than the shard's EndingHashKey " + parent.endingHashKey() + ".");
            }
            split(stream, parent, key);
            return null;
        });
        return SplitShardResponse.builder().build();
    }

    /**
     * Closes an open shard and opens its two children, [start, key − 1] and [key, end], the stream UPDATING for the
     * status delay; inside the caller's transaction, which holds the stream's row lock.
     */
    void split(Stream stream, Shard parent, BigInteger key) {
        Instant now = now();
        long counter = Math.max(Counters.at(now), close(stream, parent, now));
        int first = store.startUpdate(stream.id(), now.plus(statusDelay), 2);
        shards.insert(stream.id(), first, parent.startingHashKey(), key.subtract(BigInteger.ONE), parent.index(), null, counter, now);
        shards.insert(stream.id(), first + 1, key, parent.endingHashKey(), parent.index(), null, counter, now);
    }

    /** Closes two adjacent open shards; their child holds the union of their ranges. */
    public MergeShardsResponse mergeShards(RequestContext ctx, MergeShardsRequest r) {
        reshard(ctx, r.streamName(), r.streamARN(), stream -> {
            Shard shard = requireOpen(ctx, stream, r.shardToMerge());
            Shard adjacent = requireOpen(ctx, stream, r.adjacentShardToMerge());
            Shard low = shard.startingHashKey().compareTo(adjacent.startingHashKey()) < 0 ? shard : adjacent;
            Shard high = low == shard ? adjacent : shard;
            if (shard.index() == adjacent.index() || !low.endingHashKey().add(BigInteger.ONE).equals(high.startingHashKey())) {
                throw KinesisErrors.invalidArgument("Shards " + shard.id() + " and " + adjacent.id() + " in stream " + stream.name()
                        + " under account " + ctx.account() + " are not an adjacent pair of shards eligible for merging");
            }
            Instant now = now();
            // parents close in shard-index order, the order writers lock shards in
            long first = close(stream, shard.index() < adjacent.index() ? shard : adjacent, now);
            long second = close(stream, shard.index() < adjacent.index() ? adjacent : shard, now);
            long counter = Math.max(Counters.at(now), Math.max(first, second));
            int index = store.startUpdate(stream.id(), now.plus(statusDelay), 1);
            shards.insert(stream.id(), index, low.startingHashKey(), high.endingHashKey(), shard.index(), adjacent.index(), counter, now);
            return null;
        });
        return MergeShardsResponse.builder().build();
    }

    /**
     * UNIFORM_SCALING: closes every open shard and opens TargetShardCount shards splitting the hash-key space evenly.
     * A new shard's parent is the closed shard holding its starting hash key, its adjacent parent the one holding its
     * ending hash key when that is another. As on AWS, the target is at most double and at least half the open count and
     * at most 10,000, a stream scales at most ten times in a rolling 24 hours, and the account's shard limit holds.
     */
    public UpdateShardCountResponse updateShardCount(RequestContext ctx, UpdateShardCountRequest r) {
        int target = r.targetShardCount();
        return reshard(ctx, r.streamName(), r.streamARN(), stream -> {
            List<Shard> open = shards.all(stream.id()).stream().filter(Shard::open).toList();
            int current = open.size();
            if (target > current * 2) {
                throw KinesisErrors.limitExceeded("UpdateShardCount cannot scale up over double your current open shard count. "
                        + "Current open shard count: " + current + ", Target shard count: " + target);
            }
            if (target * 2 < current) {
                throw KinesisErrors.limitExceeded("UpdateShardCount cannot scale down below half your current open shard count. "
                        + "Current open shard count: " + current + ", Target shard count: " + target);
            }
            if (target > MAX_SHARDS_PER_STREAM) {
                throw KinesisErrors.limitExceeded("UpdateShardCount cannot scale up to more than " + MAX_SHARDS_PER_STREAM
                        + " shards in a stream. Current open shard count: " + current + ", Target shard count: " + target);
            }
            Instant now = now();
            if (store.changesSince(stream.id(), SHARD_COUNT, now.minus(Duration.ofHours(24))) >= SCALINGS_PER_DAY) {
                throw KinesisErrors.limitExceeded("UpdateShardCount cannot be called more than " + SCALINGS_PER_DAY
                        + " times in a rolling 24-hour period for stream " + stream.name() + " under account "
                        + ctx.account() + ".");
            }
            if (target > current) {
                shardLimit.check(ctx, target - current);
            }
            store.recordChange(stream.id(), SHARD_COUNT, now);
            long counter = Counters.at(now);
            for (Shard s : open) {
                counter = Math.max(counter, close(stream, s, now));
            }
            int first = store.startUpdate(stream.id(), now.plus(statusDelay), target);
            List<BigInteger[]> ranges = HashKeys.evenRanges(target);
            for (int i = 0; i < target; i++) {
                BigInteger start = ranges.get(i)[0];
                BigInteger end = ranges.get(i)[1];
                Shard parent = holding(open, start);
                Shard other = holding(open, end);
                shards.insert(stream.id(), first + i, start, end, parent.index(),
                        other.index() == parent.index() ? null : other.index(), counter, now);
            }
            return UpdateShardCountResponse.builder().streamName(stream.name()).streamARN(stream.arn())
                    .currentShardCount(current).targetShardCount(target).build();
        });
    }

    /**
     * Runs a resharding in one transaction, the stream's row locked and checked: PROVISIONED (an ON_DEMAND stream
     * scales itself) and ACTIVE.
     */
    private <T> T reshard(RequestContext ctx, String name, String arn, Function<Stream, T> change) {
        Stream found = streams.require(ctx, name, arn);
        return tx.execute(s -> {
            Stream stream = store.lock(found.id()).orElseThrow(() -> KinesisErrors.streamNotFound(found.name(), ctx.account()));
            if (stream.mode() == StreamMode.ON_DEMAND) {
                throw KinesisErrors.validation("Request is invalid. Stream " + stream.name() + " under account "
                        + ctx.account() + " is in On-Demand mode.");
            }
            streams.requireActive(ctx, stream);
            return change.apply(stream);
        });
    }

    private Shard requireOpen(RequestContext ctx, Stream stream, String shardId) {
        int index = Shard.index(shardId);
        Shard shard = (index < 0 ? Optional.<Shard>empty() : shards.find(stream.id(), index))
                .orElseThrow(() -> KinesisErrors.resourceNotFound("Could not find shard " + shardId + " in stream "
                        + stream.name() + " under account " + ctx.account() + "."));
        if (!shard.open()) {
            throw KinesisErrors.resourceInUse("Shard " + shard.id() + " in stream " + stream.name() + " under account "
                    + ctx.account() + " has already been merged or split, and thus is not eligible for merging or splitting.");
        }
        return shard;
    }

    /** Closes a parent; returns its ending counter (it was open: the stream's lock keeps other reshardings out). */
    private long close(Stream stream, Shard shard, Instant now) {
        return shards.close(stream.id(), shard.index(), now)
                .orElseThrow(() -> new IllegalStateException(shard.id() + " of stream " + stream.id() + " closed twice"));
    }

    private static Shard holding(List<Shard> open, BigInteger hashKey) {
        return open.stream().filter(s -> s.holds(hashKey)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no open shard holds hash key " + hashKey));
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
