package dev.overcast.kinesis.subscription;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.protocol.json.JsonRpcCodec;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.consumer.Consumers;
import dev.overcast.kinesis.iterator.StartingPositions;
import dev.overcast.kinesis.record.RecordStore;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardCommits;
import dev.overcast.kinesis.shard.ShardStore;
import dev.overcast.kinesis.stream.Stream;
import java.time.Instant;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;

/**
 * Enhanced fan-out: SubscribeToShard answers with an event stream ({@code application/vnd.amazon.eventstream}) on
 * which the shard's records are pushed to a registered consumer for up to 5 minutes ({@link ShardFeed}). What is
 * wrong with the request (the consumer, the shard, the starting position) is answered as an ordinary error before the
 * stream starts.
 */
@AwsApi(api = "kinesis")
public class SubscriptionApi {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final Consumers consumers;
    private final ShardStore shards;
    private final RecordStore records;
    private final StartingPositions positions;
    private final Subscriptions subscriptions;
    private final SuiteClock clock;
    private final ShardCommits commits;

    public SubscriptionApi(Consumers consumers, ShardStore shards, RecordStore records, StartingPositions positions,
                           Subscriptions subscriptions, SuiteClock clock, ShardCommits commits) {
        this.consumers = consumers;
        this.commits = commits;
        this.shards = shards;
        this.records = records;
        this.positions = positions;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    public StreamingResponse<SubscribeToShardResponse> subscribeToShard(RequestContext ctx, SubscribeToShardRequest r) {
        StartingPosition start = r.startingPosition();
        ShardIteratorType type = start == null ? null : start.type();
        Instant now = clock.now();
        Consumers.Located located = consumers.byArn(ctx, r.consumerARN(), now);
        if (located.consumer().status(now) != ConsumerStatus.ACTIVE) {
            // a consumer still CREATING, or DELETING, cannot subscribe yet (or any more)
            throw KinesisErrors.resourceNotFound("Consumer " + r.consumerARN() + " under account " + ctx.account()
                    + " is not ACTIVE, instead in state " + located.consumer().status(now) + ".");
        }
        Stream stream = located.stream();
        int index = Shard.index(r.shardId());
        Shard shard = (index < 0 ? java.util.Optional.<Shard>empty() : shards.find(stream.id(), index))
                .orElseThrow(() -> KinesisErrors.shardNotFound(r.shardId(), stream.name(), ctx.account()));
        long position = positions.resolve(ctx, "SubscribeToShard", stream, shard, type, start.sequenceNumber(),
                start.timestamp());
        Subscriptions.Key key = new Subscriptions.Key(r.consumerARN(), shard.id());
        long token = subscriptions.take(key);
        if (token < 0) {
            throw KinesisErrors.resourceInUse("Another active subscription exists for this consumer: " + r.consumerARN()
                    + " on shard " + shard.id() + ". Subscribe again 5 seconds after the previous subscription started.");
        }
        ShardFeed feed = new ShardFeed(shards, records, commits, subscriptions, key, token, shard, position, clock,
                JsonRpcCodec.isCbor(ctx.http()));
        return StreamingResponse.stream(SubscribeToShardResponse.builder().build(), EVENT_STREAM, feed::writeTo);
    }
}
