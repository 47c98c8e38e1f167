package dev.overcast.dynamodb.item;

import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import java.util.Map;

/** ConsumedCapacity by DynamoDB's rules: 4 KB read units (half when eventually consistent), 1 KB write units. */
public final class Capacity {

    private Capacity() {
    }

    public static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    public static double writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    /** The ConsumedCapacity element to return, or null when the request did not ask for it. */
    public static ConsumedCapacity of(ReturnConsumedCapacity mode, String table, double units, boolean read) {
        if (mode == null || mode == ReturnConsumedCapacity.NONE) {
            return null;
        }
        ConsumedCapacity.Builder b = ConsumedCapacity.builder().tableName(table).capacityUnits(units);
        if (mode == ReturnConsumedCapacity.INDEXES) {
            Capacity0.fill(b, units, read);
        }
        return b.build();
    }

    private static final class Capacity0 {
        static void fill(ConsumedCapacity.Builder b, double units, boolean read) {
            software.amazon.awssdk.services.dynamodb.model.Capacity c =
                    software.amazon.awssdk.services.dynamodb.model.Capacity.builder().capacityUnits(units)
                            .readCapacityUnits(read ? units : null).writeCapacityUnits(read ? null : units).build();
            b.table(c).globalSecondaryIndexes(Map.of()).localSecondaryIndexes(Map.of());
            if (read) {
                b.readCapacityUnits(units);
            } else {
                b.writeCapacityUnits(units);
            }
        }
    }
}
