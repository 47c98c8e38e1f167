package dev.overcast.dynamodb.value;

import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.Values;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * ConsumedCapacity by DynamoDB's rules: 4 KB read units (half when eventually consistent), 1 KB write units, doubled in
 * transactions; a write also costs every index entry it puts or deletes (a changed index key is a delete and a put).
 */
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

    public static boolean wanted(ReturnConsumedCapacity mode) {
        return mode != null && mode != ReturnConsumedCapacity.NONE && mode != ReturnConsumedCapacity.UNKNOWN_TO_SDK_VERSION;
    }

    /** What one request consumed on one table: the units of the table itself and of each of its indexes. */
    public static final class Tally {
        private final TableDef table;
        private final boolean read;
        private double tableUnits;
        private final Map<String, Double> local = new TreeMap<>();
        private final Map<String, Double> global = new TreeMap<>();

        public Tally(TableDef table, boolean read) {
            this.table = table;
            this.read = read;
        }

        public TableDef table() {
            return table;
        }

        public boolean read() {
            return read;
        }

        public double tableUnits() {
            return tableUnits;
        }

        /** Units by global secondary index. */
        public Map<String, Double> global() {
            return global;
        }

        public Tally addTable(double units) {
            tableUnits += units;
            return this;
        }

        public Tally addIndex(IndexDef index, double units) {
            (index.global() ? global : local).merge(index.name(), units, Double::sum);
            return this;
        }

        /** Adds what another request part consumed on the same table. */
        public Tally add(Tally other) {
            tableUnits += other.tableUnits;
            other.local.forEach((k, v) -> local.merge(k, v, Double::sum));
            other.global.forEach((k, v) -> global.merge(k, v, Double::sum));
            return this;
        }

        /** The same consumption doubled, as a transaction consumes it. */
        public Tally transactional() {
            tableUnits *= 2;
            local.replaceAll((k, v) -> v * 2);
            global.replaceAll((k, v) -> v * 2);
            return this;
        }

        public double total() {
            return tableUnits + local.values().stream().mapToDouble(Double::doubleValue).sum()
                    + global.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The ConsumedCapacity element to return, or null when the request did not ask for it. */
        public ConsumedCapacity build(ReturnConsumedCapacity mode) {
            if (!wanted(mode)) {
                return null;
            }
            double total = total();
            ConsumedCapacity.Builder b = ConsumedCapacity.builder().tableName(table.name()).capacityUnits(total);
            if (mode == ReturnConsumedCapacity.INDEXES) {
                if (read) {
                    b.readCapacityUnits(total);
                } else {
                    b.writeCapacityUnits(total);
                }
                b.table(capacity(tableUnits));
                if (!local.isEmpty()) {
                    Map<String, software.amazon.awssdk.services.dynamodb.model.Capacity> m = new TreeMap<>();
                    local.forEach((k, v) -> m.put(k, capacity(v)));
                    b.localSecondaryIndexes(m);
                }
                if (!global.isEmpty()) {
                    Map<String, software.amazon.awssdk.services.dynamodb.model.Capacity> m = new TreeMap<>();
                    global.forEach((k, v) -> m.put(k, capacity(v)));
                    b.globalSecondaryIndexes(m);
                }
            }
            return b.build();
        }

        private software.amazon.awssdk.services.dynamodb.model.Capacity capacity(double units) {
            return software.amazon.awssdk.services.dynamodb.model.Capacity.builder().capacityUnits(units)
                    .readCapacityUnits(read ? units : null).writeCapacityUnits(read ? null : units).build();
        }
    }

    /** A read of {@code bytes} from the table, or from one of its indexes. */
    public static Tally read(TableDef table, IndexDef index, long bytes, boolean consistent) {
        Tally t = new Tally(table, true);
        double units = readUnits(bytes, consistent);
        return index == null ? t.addTable(units) : t.addIndex(index, units);
    }

    /**
     * A write of one item from {@code before} to {@code after} (null: absent): the larger of the two on the table, and
     * on each index the entries it deletes and puts (none when the item is in the index neither before nor after, or
     * when neither its index key nor its projected attributes change).
     */
    public static Tally write(TableDef table, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        Tally t = new Tally(table, false).addTable(writeUnits(Math.max(size(before), size(after))));
        for (IndexDef index : table.indexes()) {
            Map<String, AttributeValue> was = entry(index, table, before);
            Map<String, AttributeValue> is = entry(index, table, after);
            double units;
            if (was == null && is == null) {
                continue;
            } else if (was == null || is == null) {
                units = writeUnits(size(was == null ? is : was));
            } else if (!sameKey(index, before, after)) {
                units = writeUnits(size(was)) + writeUnits(size(is));
            } else if (!Values.equal(AttributeValue.fromM(was), AttributeValue.fromM(is))) {
                units = writeUnits(Math.max(size(was), size(is)));
            } else {
                continue;
            }
            t.addIndex(index, units);
        }
        return t;
    }

    private static int size(Map<String, AttributeValue> item) {
        return item == null ? 0 : Values.itemSize(item);
    }

    /** The item's entry in the index (its projection), or null when it lacks an index key attribute. */
    private static Map<String, AttributeValue> entry(IndexDef index, TableDef table, Map<String, AttributeValue> item) {
        if (item == null || !item.keySet().containsAll(index.keyNames())) {
            return null;
        }
        return index.project(item, table);
    }

    private static boolean sameKey(IndexDef index, Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        for (String k : index.keyNames()) {
            if (!Values.equal(a.get(k), b.get(k))) {
                return false;
            }
        }
        return true;
    }
}
