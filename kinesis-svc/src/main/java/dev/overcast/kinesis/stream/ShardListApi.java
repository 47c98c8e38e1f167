package dev.overcast.kinesis.stream;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;

/** ListShards: a stream's shards in shard-id order, paged by NextToken, filtered by ShardFilter. */
@AwsApi(api = "kinesis")
public class ShardListApi {

    private final Streams streams;
    private final StreamStore store;
    private final ShardStore shards;
    private final SuiteClock clock;

    public ShardListApi(Streams streams, StreamStore store, ShardStore shards, SuiteClock clock) {
        this.clock = clock;
        this.streams = streams;
        this.store = store;
        this.shards = shards;
    }

    public ListShardsResponse listShards(RequestContext ctx, ListShardsRequest r) {
        Stream stream;
        int after;
        if (r.nextToken() != null) {
            rejectWithToken(r.streamName() != null || r.streamARN() != null, "StreamName");
            rejectWithToken(r.exclusiveStartShardId() != null, "ExclusiveStartShardId");
            rejectWithToken(r.streamCreationTimestamp() != null, "StreamCreationTimestamp");
            long[] position = NextTokens.shardPosition(r.nextToken());
            stream = store.findById(position[0])
                    .filter(s -> s.account().equals(ctx.account()) && s.region().equals(ctx.region()) && !s.gone(clock.now()))
                    .orElseThrow(() -> KinesisErrors.resourceNotFound("Stream of the NextToken under account "
                            + ctx.account() + " not found."));
            after = (int) position[1];
        } else {
            stream = streams.require(ctx, r.streamName(), r.streamARN());
            if (r.streamCreationTimestamp() != null && !r.streamCreationTimestamp().equals(stream.createdAt())) {
                throw KinesisErrors.streamNotFound(stream.name(), ctx.account());
            }
            after = r.exclusiveStartShardId() == null ? -1 : Shard.index(r.exclusiveStartShardId());
        }
        Predicate<Shard> filter = r.shardFilter() == null ? s -> true : filter(r.shardFilter(), stream, clock.now());
        if (r.shardFilter() != null && r.shardFilter().type() == ShardFilterType.AFTER_SHARD_ID) {
            after = Math.max(after, Shard.index(r.shardFilter().shardId()));
        }
        int from = after;
        int limit = Math.min(r.maxResults() == null ? 1000 : r.maxResults(), 1000);
        List<Shard> page = shards.all(stream.id()).stream().filter(s -> s.index() > from).filter(filter).toList();
        ListShardsResponse.Builder b = ListShardsResponse.builder()
                .shards(page.subList(0, Math.min(limit, page.size())).stream().map(Shard::toModel).toList());
        if (page.size() > limit) {
            b.nextToken(NextTokens.afterShard(stream.id(), page.get(limit - 1).index()));
        }
        return b.build();
    }

    private static void rejectWithToken(boolean given, String member) {
        if (given) {
            throw KinesisErrors.invalidArgument("NextToken and " + member + " cannot be provided together.");
        }
    }

    /** Which shards a ShardFilter keeps, by when each shard was open. */
    private static Predicate<Shard> filter(ShardFilter f, Stream stream, Instant now) {
        Instant horizon = latest(now.minus(Duration.ofHours(stream.retentionHours())), stream.createdAt());
        return switch (f.type()) {
            case AFTER_SHARD_ID -> {
                if (f.shardId() == null) {
                    throw KinesisErrors.invalidArgument("ShardId must be specified with the ShardFilter type AFTER_SHARD_ID.");
                }
                yield s -> true;
            }
            case AT_TRIM_HORIZON -> s -> openAt(s, horizon);
            case FROM_TRIM_HORIZON -> s -> s.open() || s.closedAt().isAfter(horizon);
            case AT_LATEST -> Shard::open;
            case AT_TIMESTAMP, FROM_TIMESTAMP -> {
                if (f.timestamp() == null) {
                    throw KinesisErrors.invalidArgument("Timestamp must be specified with the ShardFilter type " + f.type() + ".");
                }
                Instant t = latest(f.timestamp(), stream.createdAt());
                yield f.type() == ShardFilterType.AT_TIMESTAMP ? s -> openAt(s, t) : s -> s.open() || s.closedAt().isAfter(t);
            }
            default -> throw new IllegalStateException(f.typeAsString());
        };
    }

    private static boolean openAt(Shard s, Instant t) {
        return !s.createdAt().isAfter(t) && (s.open() || s.closedAt().isAfter(t));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
