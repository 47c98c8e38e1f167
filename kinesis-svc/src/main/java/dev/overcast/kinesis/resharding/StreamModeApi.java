package dev.overcast.kinesis.resharding;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.stream.StreamApi;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.beans.factory.annotation.Value;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamModeRequest;
import software.amazon.awssdk.services.kinesis.model.UpdateStreamModeResponse;

/**
 * UpdateStreamMode: PROVISIONED ↔ ON_DEMAND. The stream keeps its shards (an ON_DEMAND stream then scales itself, see
 * {@link OnDemandScaling}; a PROVISIONED one is resharded by its owner) and is UPDATING for the status delay. As on AWS:
 * the stream must be ACTIVE, its mode switches at most twice in a rolling 24 hours, and the account's quota of
 * ON_DEMAND streams holds.
 */
@AwsApi(api = "kinesis")
public class StreamModeApi {

    /** Capacity mode switches a stream may make in a rolling 24 hours. */
    static final int SWITCHES_PER_DAY = 2;
    static final String MODE = "MODE";

    private final Streams streams;
    private final StreamStore store;
    private final Duration statusDelay;
    private final SuiteClock clock;

    public StreamModeApi(Streams streams, StreamStore store,
                         @Value("${overcast.kinesis.status-delay:300ms}") Duration statusDelay, SuiteClock clock) {
        this.streams = streams;
        this.store = store;
        this.statusDelay = statusDelay;
        this.clock = clock;
    }

    public UpdateStreamModeResponse updateStreamMode(RequestContext ctx, UpdateStreamModeRequest r) {
        StreamMode mode = r.streamModeDetails() == null ? null : r.streamModeDetails().streamMode();
        if (r.warmThroughputMiBps() != null) {
            // warm throughput needs the account's MinimumThroughputBillingCommitment, which is not served
            throw CommonErrors.notImplemented("UpdateStreamMode with WarmThroughputMiBps");
        }
        streams.changeActive(ctx, null, r.streamARN(), stream -> {
            if (stream.mode() == mode) {
                throw KinesisErrors.invalidArgument("Stream " + stream.name() + " under account " + ctx.account()
                        + " is already in " + mode + " mode.");
            }
            Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
            if (store.changesSince(stream.id(), MODE, now.minus(Duration.ofHours(24))) >= SWITCHES_PER_DAY) {
                throw KinesisErrors.limitExceeded("The capacity mode of stream " + stream.name() + " under account "
                        + ctx.account() + " can be switched at most " + SWITCHES_PER_DAY + " times in a rolling 24-hour period.");
            }
            if (mode == StreamMode.ON_DEMAND
                    && store.onDemandStreams(ctx.account(), ctx.region()) >= StreamApi.ON_DEMAND_STREAM_LIMIT) {
                throw KinesisErrors.limitExceeded("This request would exceed the on-demand stream count limit for the account "
                        + ctx.account() + " in " + ctx.region() + ". Limit: " + StreamApi.ON_DEMAND_STREAM_LIMIT + ".");
            }
            store.recordChange(stream.id(), MODE, now);
            store.setMode(stream.id(), mode, now.plus(statusDelay));
        });
        return UpdateStreamModeResponse.builder().build();
    }
}
