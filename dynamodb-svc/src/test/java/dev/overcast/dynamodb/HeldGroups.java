package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;

import dev.overcast.dynamodb.item.GroupedWrites;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The groups that may commit at once (two), held on item locks taken here: each is a PutItem of an item
 * {@code held-<n>} of the table waiting for its lock, so that the writes sent meanwhile can only queue, and form one
 * group once {@link #release} lets the held ones go on.
 */
final class HeldGroups implements AutoCloseable {

    private final Connection connection;
    private final List<Future<?>> leaders = new ArrayList<>();

    private HeldGroups(Connection connection) {
        this.connection = connection;
    }

    /** Holds both groups with PutItems of the table's items held-1 and held-2 run on the pool. */
    static HeldGroups hold(DynamoDbClient ddb, String table, ExecutorService pool) throws Exception {
        TableDef t = DynamoDbTestService.bean(TableStore.class).find("000000000000", "us-east-1", table).orElseThrow();
        HeldGroups held = new HeldGroups(DynamoDbTestService.bean(DataSource.class).getConnection());
        held.connection.setAutoCommit(false);
        try (Statement st = held.connection.createStatement()) {
            for (String item : List.of("held-1", "held-2")) {
                st.execute("select pg_advisory_xact_lock(" + ItemKey.fromKey(t, Map.of("pk", s(item))).lockId(t.id()) + ")");
            }
            int before = waitingForLocks(st);
            for (String item : List.of("held-1", "held-2")) {
                held.leaders.add(pool.submit(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(item))))));
            }
            while (waitingForLocks(st) < before + 2) {
                Thread.sleep(20);
            }
        }
        return held;
    }

    /** The number of backends waiting for an advisory lock. */
    private static int waitingForLocks(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("select count(*) from pg_locks where locktype = 'advisory' and not granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits until this many requests queue for the next group. */
    void awaitQueued(int requests) throws InterruptedException {
        GroupedWrites grouped = DynamoDbTestService.bean(GroupedWrites.class);
        while (grouped.queued() < requests) {
            Thread.sleep(20);
        }
    }

    /** Lets the held groups go on (the queued writes follow as one group) and waits for their writes. */
    void release() throws Exception {
        connection.rollback();
        for (Future<?> f : leaders) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
