package dev.overcast.kinesis.monitoring;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringRequest;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringRequest;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringResponse;

/**
 * Enable/DisableEnhancedMonitoring: the stream's shard-level metrics, recorded and reported (DescribeStream,
 * DescribeStreamSummary). ALL stands for every metric. The suite keeps no CloudWatch, so no metric is published.
 */
@AwsApi(api = "kinesis")
public class EnhancedMonitoringApi {

    /** Every shard-level metric, in the order AWS lists them. */
    static final List<String> METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
            "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds");

    private final Streams streams;
    private final StreamStore store;
    private final TransactionTemplate tx;

    public EnhancedMonitoringApi(Streams streams, StreamStore store, TransactionTemplate tx) {
        this.streams = streams;
        this.store = store;
        this.tx = tx;
    }

    public EnableEnhancedMonitoringResponse enableEnhancedMonitoring(RequestContext ctx, EnableEnhancedMonitoringRequest r) {
        Change c = change(ctx, r.streamName(), r.streamARN(), r.hasShardLevelMetrics() ? r.shardLevelMetricsAsStrings() : null,
                (current, asked) -> METRICS.stream().filter(m -> current.contains(m) || asked.contains(m)).toList());
        return EnableEnhancedMonitoringResponse.builder().streamName(c.stream().name()).streamARN(c.stream().arn())
                .currentShardLevelMetricsWithStrings(c.current()).desiredShardLevelMetricsWithStrings(c.desired()).build();
    }

    public DisableEnhancedMonitoringResponse disableEnhancedMonitoring(RequestContext ctx, DisableEnhancedMonitoringRequest r) {
        Change c = change(ctx, r.streamName(), r.streamARN(), r.hasShardLevelMetrics() ? r.shardLevelMetricsAsStrings() : null,
                (current, asked) -> METRICS.stream().filter(m -> current.contains(m) && !asked.contains(m)).toList());
        return DisableEnhancedMonitoringResponse.builder().streamName(c.stream().name()).streamARN(c.stream().arn())
                .currentShardLevelMetricsWithStrings(c.current()).desiredShardLevelMetricsWithStrings(c.desired()).build();
    }

    private record Change(Stream stream, List<String> current, List<String> desired) {
    }

    /** Applies a change to the ACTIVE stream's metrics under its lock; returns the metrics before and after. */
    private Change change(RequestContext ctx, String name, String arn, List<String> metrics,
                          BiFunction<List<String>, List<String>, List<String>> rule) {
        List<String> asked = expand(metrics);
        Stream found = streams.require(ctx, name, arn);
        return tx.execute(s -> {
            Stream stream = streams.requireActive(ctx, store.lock(found.id())
                    .orElseThrow(() -> KinesisErrors.streamNotFound(found.name(), ctx.account())));
            List<String> desired = rule.apply(stream.shardLevelMetrics(), asked);
            store.setShardLevelMetrics(stream.id(), desired);
            return new Change(stream, stream.shardLevelMetrics(), desired);
        });
    }

    /**
     * The metrics asked for, ALL standing for every one of them (the model checked that there are 1 to 7 metric names
     * or ALL).
     */
    private static List<String> expand(List<String> metrics) {
        return metrics.contains("ALL") ? METRICS : metrics;
    }
}
