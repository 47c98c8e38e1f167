package dev.overcast.dynamodb.table;

import dev.overcast.dynamodb.DynamoDbErrors;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * A table's warm throughput and on-demand maximum throughput. WarmThroughput (read and write units per second the
 * table is ready for at once; DynamoDB's defaults for a new table, 12,000 and 4,000) is set on CreateTable, raised
 * with UpdateTable (never lowered), UPDATING until the update's status delay passed and then ACTIVE. OnDemandThroughput
 * (MaxReadRequestUnits, MaxWriteRequestUnits; -1 for no maximum) is recorded for the table and its GSIs, and
 * {@link Throttling} holds on-demand requests to it.
 */
final class Throughputs {

    static final long DEFAULT_WARM_READ = 12_000;
    static final long DEFAULT_WARM_WRITE = 4_000;

    private Throughputs() {
    }

    static void onCreate(TableDescription.Builder d, CreateTableRequest r) {
        if (r.onDemandThroughput() != null) {
            d.onDemandThroughput(checked(r.onDemandThroughput()));
        }
        WarmThroughput w = r.warmThroughput();
        d.warmThroughput(TableWarmThroughputDescription.builder()
                .readUnitsPerSecond(w != null && w.readUnitsPerSecond() != null ? Math.max(w.readUnitsPerSecond(), DEFAULT_WARM_READ) : DEFAULT_WARM_READ)
                .writeUnitsPerSecond(w != null && w.writeUnitsPerSecond() != null ? Math.max(w.writeUnitsPerSecond(), DEFAULT_WARM_WRITE) : DEFAULT_WARM_WRITE)
                .status(TableStatus.ACTIVE).build());
    }

    static GlobalSecondaryIndexDescription.Builder onCreate(GlobalSecondaryIndexDescription.Builder g, GlobalSecondaryIndex i) {
        if (i.onDemandThroughput() != null) {
            g.onDemandThroughput(checked(i.onDemandThroughput()));
        }
        WarmThroughput w = i.warmThroughput();
        return g.warmThroughput(GlobalSecondaryIndexWarmThroughputDescription.builder()
                .readUnitsPerSecond(w != null && w.readUnitsPerSecond() != null ? Math.max(w.readUnitsPerSecond(), DEFAULT_WARM_READ) : DEFAULT_WARM_READ)
                .writeUnitsPerSecond(w != null && w.writeUnitsPerSecond() != null ? Math.max(w.writeUnitsPerSecond(), DEFAULT_WARM_WRITE) : DEFAULT_WARM_WRITE)
                .status(IndexStatus.ACTIVE).build());
    }

    private static OnDemandThroughput checked(OnDemandThroughput o) {
        for (Long units : new Long[] {o.maxReadRequestUnits(), o.maxWriteRequestUnits()}) {
            if (units != null && units != -1 && units < 1) {
                throw DynamoDbErrors.validation("One or more parameter values were invalid: OnDemandThroughput "
                        + "MaxReadRequestUnits and MaxWriteRequestUnits must be -1 or at least 1");
            }
        }
        return o;
    }

    /** Applies an UpdateTable's OnDemandThroughput and WarmThroughput; true when the warm throughput is now UPDATING. */
    static boolean onUpdate(TableDescription d, TableDescription.Builder b, UpdateTableRequest r) {
        if (r.onDemandThroughput() != null) {
            OnDemandThroughput old = d.onDemandThroughput();
            OnDemandThroughput o = checked(r.onDemandThroughput());
            b.onDemandThroughput(OnDemandThroughput.builder()
                    .maxReadRequestUnits(o.maxReadRequestUnits() != null ? o.maxReadRequestUnits() : old == null ? null : old.maxReadRequestUnits())
                    .maxWriteRequestUnits(o.maxWriteRequestUnits() != null ? o.maxWriteRequestUnits() : old == null ? null : old.maxWriteRequestUnits())
                    .build());
        }
        WarmThroughput w = r.warmThroughput();
        if (w == null) {
            return false;
        }
        TableWarmThroughputDescription old = d.warmThroughput();
        long read = old == null || old.readUnitsPerSecond() == null ? DEFAULT_WARM_READ : old.readUnitsPerSecond();
        long write = old == null || old.writeUnitsPerSecond() == null ? DEFAULT_WARM_WRITE : old.writeUnitsPerSecond();
        if ((w.readUnitsPerSecond() != null && w.readUnitsPerSecond() < read)
                || (w.writeUnitsPerSecond() != null && w.writeUnitsPerSecond() < write)) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: WarmThroughput cannot be decreased. "
                    + "Current ReadUnitsPerSecond: " + read + ", WriteUnitsPerSecond: " + write);
        }
        b.warmThroughput(TableWarmThroughputDescription.builder()
                .readUnitsPerSecond(w.readUnitsPerSecond() != null ? w.readUnitsPerSecond() : read)
                .writeUnitsPerSecond(w.writeUnitsPerSecond() != null ? w.writeUnitsPerSecond() : write)
                .status(TableStatus.UPDATING).build());
        return true;
    }

    /** As DescribeTable shows it: the warm throughput ACTIVE once the table is. */
    static void view(TableDescription d, TableDescription.Builder b, boolean ready) {
        if (ready && d.warmThroughput() != null && d.warmThroughput().status() == TableStatus.UPDATING) {
            b.warmThroughput(d.warmThroughput().toBuilder().status(TableStatus.ACTIVE).build());
        }
    }
}
