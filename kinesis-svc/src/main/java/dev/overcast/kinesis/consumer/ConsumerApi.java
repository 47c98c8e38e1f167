package dev.overcast.kinesis.consumer;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.stream.NextTokens;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.StreamTags;
import dev.overcast.kinesis.stream.Streams;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * The enhanced fan-out control plane: RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers and
 * DeregisterStreamConsumer. A consumer is CREATING, then ACTIVE, for the status delay; deregistered, it is DELETING for
 * the status delay, then gone. A stream has at most 20 consumers. Tags given at registration are the consumer's from
 * CREATING on (TagResource and its kin by consumer ARN are served with the other tag actions).
 */
@AwsApi(api = "kinesis")
public class ConsumerApi {

    /** AWS's limit of registered consumers per stream. */
    static final int MAX_CONSUMERS = 20;

    private final Streams streams;
    private final StreamStore streamStore;
    private final ConsumerStore consumers;
    private final ConsumerTags tags;
    private final Consumers locator;
    private final TransactionTemplate tx;
    private final Duration statusDelay;
    private final SuiteClock clock;

    public ConsumerApi(Streams streams, StreamStore streamStore, ConsumerStore consumers, ConsumerTags tags, Consumers locator,
                       TransactionTemplate tx, @Value("${overcast.kinesis.status-delay:300ms}") Duration statusDelay,
                       SuiteClock clock) {
        this.tags = tags;
        this.streams = streams;
        this.streamStore = streamStore;
        this.consumers = consumers;
        this.locator = locator;
        this.tx = tx;
        this.statusDelay = statusDelay;
        this.clock = clock;
    }

    public RegisterStreamConsumerResponse registerStreamConsumer(RequestContext ctx, RegisterStreamConsumerRequest r) {
        if (r.hasTags()) {
            StreamTags.check(r.tags());
            if (r.tags().size() > StreamTags.PER_STREAM) {
                throw KinesisErrors.invalidArgument("Failed to register consumer " + r.consumerName() + " because a given"
                        + " consumer cannot have more than " + StreamTags.PER_STREAM + " tags associated with it.");
            }
        }
        Stream found = streams.require(ctx, null, r.streamARN());
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        return tx.execute(s -> {
            // the stream's lock makes concurrent registrations count each other
            Stream stream = streamStore.lock(found.id()).orElseThrow(() -> KinesisErrors.streamNotFound(found.name(), ctx.account()));
            if (stream.status(now) == StreamStatus.CREATING) {
                throw KinesisErrors.resourceInUse("Stream " + stream.name() + " under account " + ctx.account()
                        + " not ACTIVE, instead in state " + stream.status(now));
            }
            if (streamStore.consumerCount(stream.id(), now) >= MAX_CONSUMERS) {
                throw KinesisErrors.limitExceeded("Stream " + stream.arn() + " has reached its limit of " + MAX_CONSUMERS
                        + " registered consumers.");
            }
            Consumer consumer = consumers.insert(stream.id(), r.consumerName(), now, now.plus(statusDelay))
                    .orElseThrow(() -> KinesisErrors.resourceInUse("Consumer " + r.consumerName() + " under stream "
                            + stream.name() + " under account " + ctx.account() + " already exists."));
            if (r.hasTags()) {
                tags.put(stream.id(), consumer.name(), r.tags()); // in effect from CREATING on, as on AWS
            }
            return RegisterStreamConsumerResponse.builder().consumer(consumer.toModel(stream, now)).build();
        });
    }

    public DescribeStreamConsumerResponse describeStreamConsumer(RequestContext ctx, DescribeStreamConsumerRequest r) {
        Instant now = clock.now();
        Consumers.Located c = locate(ctx, r.consumerARN(), r.streamARN(), r.consumerName(), now);
        return DescribeStreamConsumerResponse.builder().consumerDescription(c.consumer().toDescription(c.stream(), now)).build();
    }

    /** Consumers in name order, MaxResults (default 100) a page, NextToken for the next. */
    public ListStreamConsumersResponse listStreamConsumers(RequestContext ctx, ListStreamConsumersRequest r) {
        Stream stream = streams.require(ctx, null, r.streamARN());
        if (r.streamCreationTimestamp() != null && !r.streamCreationTimestamp().equals(stream.createdAt())) {
            throw KinesisErrors.streamNotFound(stream.name(), ctx.account());
        }
        String after = r.nextToken() == null ? null : NextTokens.consumerName(r.nextToken(), stream.id());
        int limit = r.maxResults() == null ? 100 : r.maxResults();
        Instant now = clock.now();
        List<Consumer> page = consumers.list(stream.id(), after, limit + 1, now);
        ListStreamConsumersResponse.Builder b = ListStreamConsumersResponse.builder()
                .consumers(page.subList(0, Math.min(limit, page.size())).stream().map(c -> c.toModel(stream, now)).toList());
        if (page.size() > limit) {
            b.nextToken(NextTokens.afterConsumer(stream.id(), page.get(limit - 1).name()));
        }
        return b.build();
    }

    public DeregisterStreamConsumerResponse deregisterStreamConsumer(RequestContext ctx, DeregisterStreamConsumerRequest r) {
        Instant now = clock.now();
        Consumers.Located c = locate(ctx, r.consumerARN(), r.streamARN(), r.consumerName(), now);
        if (!consumers.deregister(c.stream().id(), c.consumer().name(), now.plus(statusDelay))) {
            throw KinesisErrors.resourceInUse("Consumer " + c.consumer().arn(c.stream()) + " under account " + ctx.account()
                    + " is already DELETING.");
        }
        return DeregisterStreamConsumerResponse.builder().build();
    }

    /** The consumer a request names: by ConsumerARN, or by StreamARN and ConsumerName. */
    private Consumers.Located locate(RequestContext ctx, String consumerArn, String streamArn, String name, Instant now) {
        if (consumerArn != null) {
            return locator.byArn(ctx, consumerArn, now);
        }
        if (streamArn == null || name == null) {
            throw KinesisErrors.invalidArgument("Either ConsumerARN or both StreamARN and ConsumerName must be provided.");
        }
        return locator.byName(ctx, streamArn, name, now);
    }
}
