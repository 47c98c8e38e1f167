package dev.overcast.dynamodb.table;

import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.Capacity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;

/**
 * Throttling of PROVISIONED tables (off unless {@code overcast.dynamodb.throttling} / {@code OVERCAST_DYNAMODB_THROTTLING}
 * is true): a token bucket per table and per global secondary index for reads and for writes, filled at the provisioned
 * units per second and holding up to 300 seconds of them (DynamoDB's burst capacity), full when first used. A request is
 * admitted while its buckets are not empty and then pays what it consumed, which may leave a bucket in debt; local
 * secondary indexes share the table's buckets, and a write is refused while any GSI's write bucket is empty, as
 * DynamoDB's index back-pressure does. Buckets live in this process: each replica of the service throttles on its own.
 */
@Component
public class Throttling {

    private static final double BURST_SECONDS = 300;

    private final boolean enabled;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** The tables whose consumption is measured (auto scaling), and what they consumed since last drained. */
    private volatile Set<Long> metered = Set.of();
    private final Map<String, DoubleAdder> consumed = new ConcurrentHashMap<>();

    /** Sets the tables whose consumed capacity is measured (those with auto scaling). */
    public void meter(Set<Long> tableIds) {
        metered = Set.copyOf(tableIds);
    }

    /** Consumption measured since the last call, by "table id/index name (empty for the table)/R or W", then forgotten. */
    public Map<String, Double> drainConsumed() {
        Map<String, Double> out = new java.util.HashMap<>();
        for (String key : consumed.keySet()) {
            DoubleAdder a = consumed.remove(key);
            if (a != null && a.sum() > 0) {
                out.put(key, a.sum());
            }
        }
        return out;
    }

    public Throttling(@Value("${overcast.dynamodb.throttling:false}") boolean enabled) {
        this.enabled = enabled;
    }

    private static final class Bucket {
        private final double rate;
        private final double burst;
        private double tokens;
        private long at = System.nanoTime();

        Bucket(double rate, double burstSeconds) {
            this.rate = rate;
            this.burst = burstSeconds;
            this.tokens = rate * burstSeconds;
        }

        synchronized double refill() {
            long now = System.nanoTime();
            tokens = Math.min(rate * burst, tokens + rate * (now - at) / 1e9);
            at = now;
            return tokens;
        }

        synchronized void take(double units) {
            refill();
            tokens -= units;
        }
    }

    /**
     * Whether requests on this table are metered: against its provisioned throughput, or (on demand) against the
     * maximum on-demand throughput of the table or of a GSI.
     */
    public boolean active(TableDef t) {
        return metered.contains(t.id()) || limited(t);
    }

    /** Whether the table's requests are throttled (see {@link #active}). */
    private boolean limited(TableDef t) {
        return enabled && (!onDemand(t) || t.description().onDemandThroughput() != null
                || t.description().globalSecondaryIndexes().stream().anyMatch(g -> g.onDemandThroughput() != null));
    }

    private static boolean onDemand(TableDef t) {
        return t.description().billingModeSummary() != null
                && t.description().billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    }

    /**
     * The error for a request that may not run now, or null: a read of the table (or of one of its indexes), or a write
     * (index null), which needs the table's and every GSI's write bucket.
     */
    public AwsException check(TableDef t, IndexDef index, boolean read) {
        if (!limited(t)) {
            return null;
        }
        if (read) {
            return index != null && index.global() ? exhausted(t, index.name(), true) : exhausted(t, null, true);
        }
        AwsException e = exhausted(t, null, false);
        for (GlobalSecondaryIndexDescription g : t.description().globalSecondaryIndexes()) {
            e = e != null ? e : exhausted(t, g.indexName(), false);
        }
        return e;
    }

    /** Throws the error of {@link #check} when there is one. */
    public void admit(TableDef t, IndexDef index, boolean read) {
        AwsException e = check(t, index, read);
        if (e != null) {
            throw e;
        }
    }

    /** Pays what a request consumed (LSIs on the table's bucket); nothing when null or not metered. */
    public void charge(Capacity.Tally used) {
        if (used == null) {
            return;
        }
        TableDef t = used.table();
        double onGlobal = used.global().values().stream().mapToDouble(Double::doubleValue).sum();
        if (metered.contains(t.id())) {
            String rw = used.read() ? "R" : "W";
            consumed.computeIfAbsent(t.id() + "//" + rw, k -> new DoubleAdder()).add(used.total() - onGlobal);
            used.global().forEach((name, units) -> consumed.computeIfAbsent(t.id() + "/" + name + "/" + rw, k -> new DoubleAdder()).add(units));
        }
        if (!limited(t)) {
            return;
        }
        Bucket table = bucket(t, null, used.read());
        if (table != null) {
            table.take(used.total() - onGlobal);
        }
        used.global().forEach((name, units) -> {
            Bucket b = bucket(t, name, used.read());
            if (b != null) {
                b.take(units);
            }
        });
    }

    private AwsException exhausted(TableDef t, String index, boolean read) {
        Bucket b = bucket(t, index, read);
        if (b == null || b.refill() > 0) {
            return null;
        }
        String resource = index == null ? t.arn() : t.arn() + "/index/" + index;
        if (onDemand(t)) {
            return new AwsException("ThrottlingException", 400, "Throughput exceeds the maximum OnDemandThroughput "
                    + "configured on table or index").withDetails(ThrottlingException.builder().throttlingReasons(List.of(
                    ThrottlingReason.builder().reason((index == null ? "Table" : "Index") + (read ? "Read" : "Write")
                            + "MaxOnDemandThroughputExceeded").resource(resource).build())).build());
        }
        String reason = (index == null ? "Table" : "Index") + (read ? "Read" : "Write") + "ProvisionedThroughputExceeded";
        String message = index == null
                ? "The level of configured provisioned throughput for the table was exceeded. "
                + "Consider increasing your provisioning level with the UpdateTable API."
                : "The level of configured provisioned throughput for one or more global secondary indexes of the table was "
                + "exceeded. Consider increasing your provisioning level for the under-provisioned global secondary indexes "
                + "with the UpdateTable API";
        return new AwsException("ProvisionedThroughputExceededException", 400, message)
                .withDetails(ProvisionedThroughputExceededException.builder()
                        .throttlingReasons(List.of(ThrottlingReason.builder().reason(reason).resource(resource).build())).build());
    }

    /** The bucket of the table or GSI at its current provisioned units (a new, full one when they change). */
    private Bucket bucket(TableDef t, String index, boolean read) {
        if (onDemand(t)) {
            OnDemandThroughput o = index == null ? t.description().onDemandThroughput()
                    : t.description().globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(index)).findFirst()
                    .map(GlobalSecondaryIndexDescription::onDemandThroughput).orElse(null);
            Long max = o == null ? null : read ? o.maxReadRequestUnits() : o.maxWriteRequestUnits();
            if (max == null || max <= 0) {
                return null;
            }
            // a maximum per second: one second of it at most, no burst beyond
            return buckets.computeIfAbsent(t.id() + "/" + (index == null ? "" : index) + "/" + (read ? "R" : "W") + "/max/" + max,
                    k -> new Bucket(max, 1));
        }
        ProvisionedThroughputDescription p = t.description().provisionedThroughput();
        if (index != null) {
            p = t.description().globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(index)).findFirst()
                    .map(GlobalSecondaryIndexDescription::provisionedThroughput).orElse(null);
        }
        Long units = p == null ? null : read ? p.readCapacityUnits() : p.writeCapacityUnits();
        if (units == null || units <= 0) {
            return null;
        }
        String key = t.id() + "/" + (index == null ? "" : index) + "/" + (read ? "R" : "W") + "/" + units;
        return buckets.computeIfAbsent(key, k -> new Bucket(units, BURST_SECONDS));
    }
}
