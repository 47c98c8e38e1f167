package dev.overcast.firehose.deliverystream;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseErrors;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;

/** Finds a caller's delivery streams, with Firehose's errors when they are missing or not ready. */
@Component
public class DeliveryStreams {

    private final DeliveryStreamStore store;
    private final SuiteClock clock;
    private final Duration statusDelay;

    public DeliveryStreams(DeliveryStreamStore store, SuiteClock clock,
                           @Value("${overcast.firehose.status-delay}") Duration statusDelay) {
        this.store = store;
        this.clock = clock;
        this.statusDelay = statusDelay;
    }

    public Duration statusDelay() {
        return statusDelay;
    }

    public DeliveryStream require(RequestContext ctx, String name) {
        return store.find(ctx.account(), ctx.region(), name)
                .orElseThrow(() -> FirehoseErrors.streamNotFound(name, ctx.account()));
    }

    /** The stream with its row locked (in the caller's transaction). */
    public DeliveryStream lock(RequestContext ctx, String name) {
        return store.lock(ctx.account(), ctx.region(), name)
                .orElseThrow(() -> FirehoseErrors.streamNotFound(name, ctx.account()));
    }

    /** The stream, which must be ACTIVE for the operation. */
    public DeliveryStream requireActive(DeliveryStream stream) {
        if (stream.status(clock.now()) != DeliveryStreamStatus.ACTIVE) {
            throw FirehoseErrors.resourceInUse("Firehose " + stream.name() + " under account " + stream.account()
                    + " is not ACTIVE: it is " + stream.status(clock.now()) + ".");
        }
        return stream;
    }

    /** The ARN of a delivery stream: arn:aws:firehose:us-east-1:123456789012:deliverystream/name */
    public static String arn(String region, String account, String name) {
        return "arn:aws:firehose:" + region + ":" + account + ":deliverystream/" + name;
    }
}
