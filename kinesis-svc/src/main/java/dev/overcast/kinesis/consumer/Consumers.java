package dev.overcast.kinesis.consumer;

import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Finds the consumer an action names, by ConsumerARN or by StreamARN and ConsumerName, in the caller's account and region. */
@Component
public class Consumers {

    /** arn:aws:kinesis:region:account:stream/name/consumer/consumer-name:creation-epoch-seconds */
    private static final Pattern ARN =
            Pattern.compile("arn:aws[^:]*:kinesis:([^:]*):(\\d{12}):stream/([a-zA-Z0-9_.-]+)/consumer/([a-zA-Z0-9_.-]+):(\\d+)");

    /** A consumer with the stream it reads. */
    public record Located(Stream stream, Consumer consumer) {
    }

    private final Streams streams;
    private final StreamStore streamStore;
    private final ConsumerStore consumers;

    public Consumers(Streams streams, StreamStore streamStore, ConsumerStore consumers) {
        this.streams = streams;
        this.streamStore = streamStore;
        this.consumers = consumers;
    }

    public static boolean isConsumerArn(String arn) {
        return arn.contains("/consumer/");
    }

    /** The consumer of an ARN: its stream, its name and its creation time must all match. */
    public Located byArn(RequestContext ctx, String arn, Instant now) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches() || !m.group(1).equals(ctx.region()) || !m.group(2).equals(ctx.account())) {
            throw KinesisErrors.consumerNotFound(arn, ctx.account());
        }
        Stream stream = streamStore.find(ctx.account(), ctx.region(), m.group(3)).filter(s -> !s.gone(now))
                .orElseThrow(() -> KinesisErrors.consumerNotFound(arn, ctx.account()));
        Consumer consumer = consumers.find(stream.id(), m.group(4), now)
                .filter(c -> Long.toString(c.createdAt().getEpochSecond()).equals(m.group(5)))
                .orElseThrow(() -> KinesisErrors.consumerNotFound(arn, ctx.account()));
        return new Located(stream, consumer);
    }

    public Located byName(RequestContext ctx, String streamArn, String name, Instant now) {
        Stream stream = streams.require(ctx, null, streamArn);
        Consumer consumer = consumers.find(stream.id(), name, now)
                .orElseThrow(() -> KinesisErrors.consumerNotFound(name, ctx.account()));
        return new Located(stream, consumer);
    }
}
