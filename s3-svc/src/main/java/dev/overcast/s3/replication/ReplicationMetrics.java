package dev.overcast.s3.replication;

import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.object.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * S3 Replication metrics, for the rules that enable them (Metrics Enabled, or Replication Time Control), as S3 reports
 * them to CloudWatch (the suite has none: they are the service's Micrometer meters, read on
 * {@code /actuator/prometheus}), tagged by source bucket, destination bucket and rule id:
 * {@code s3.replication.latency} (ReplicationLatency: from a version's write to its replica's, on the suite's clock),
 * {@code s3.replication.bytes} (BytesReplicated), {@code s3.replication.operations.failed}
 * (OperationsFailedReplication); and, for the whole service, {@code s3.replication.operations.pending} and
 * {@code s3.replication.bytes.pending} (OperationsPendingReplication, BytesPendingReplication).
 */
@Component
public class ReplicationMetrics {

    private final MeterRegistry registry;

    public ReplicationMetrics(ObjectProvider<MeterRegistry> registry, JdbcTemplate jdbc) {
        this.registry = registry.getIfAvailable(() -> Metrics.globalRegistry);
        Gauge.builder("s3.replication.operations.pending", jdbc, j -> pending(j, "count(*)"))
                .description("Versions waiting to be replicated (OperationsPendingReplication)").register(this.registry);
        Gauge.builder("s3.replication.bytes.pending", jdbc, j -> pending(j, "coalesce(sum(size), 0)"))
                .description("Bytes waiting to be replicated (BytesPendingReplication)").register(this.registry);
    }

    private static double pending(JdbcTemplate jdbc, String aggregate) {
        Number n = jdbc.queryForObject("select " + aggregate + " from object where replication_status = 'PENDING'",
                Number.class);
        return n == null ? 0 : n.doubleValue();
    }

    private static Tags tags(Bucket source, ReplicationRule rule) {
        return Tags.of("source_bucket", source.name(),
                "destination_bucket", String.valueOf(ReplicationRules.bucketOf(rule.destination().bucket())),
                "rule_id", rule.id() == null ? "" : rule.id());
    }

    /** A version was replicated by the rule, {@code latency} after it was written. */
    void replicated(Bucket source, StoredObject version, ReplicationRule rule, Duration latency) {
        if (!ReplicationRules.metricsEnabled(rule)) {
            return;
        }
        Tags tags = tags(source, rule);
        Timer.builder("s3.replication.latency").description("From a version's write to its replica's (ReplicationLatency)")
                .tags(tags).register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
        Counter.builder("s3.replication.bytes").description("Bytes replicated (BytesReplicated)").tags(tags)
                .register(registry).increment(version.size());
    }

    /** A version's replication by the rule failed. */
    void failed(Bucket source, ReplicationRule rule) {
        if (ReplicationRules.metricsEnabled(rule)) {
            Counter.builder("s3.replication.operations.failed")
                    .description("Replications that failed (OperationsFailedReplication)").tags(tags(source, rule))
                    .register(registry).increment();
        }
    }
}
