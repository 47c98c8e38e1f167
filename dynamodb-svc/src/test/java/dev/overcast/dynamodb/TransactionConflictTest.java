package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.dynamodb.item.ItemStore;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemKey;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class TransactionConflictTest {

    private final DynamoDbClient ddb = DynamoDbTestService.clientWithoutRetries();

    @Test
    void requestsMeetingATransactionInProgressAreAnsweredWithAConflict() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("busy"), "v", n("1"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("free"), "v", n("1"))));
        TableDef t = DynamoDbTestService.bean(TableStore.class).find("000000000000", "us-east-1", table).orElseThrow();
        long lock = ItemStore.transactionLockId(t, ItemKey.fromKey(t, Map.of("pk", s("busy"))));
        // what a TransactWriteItems holds on each of its items until it commits
        try (Connection c = DynamoDbTestService.bean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("select pg_advisory_xact_lock(" + lock + ")");

            assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("busy"), "v", n("2")))))
                    .isInstanceOf(TransactionConflictException.class).hasMessageContaining("Transaction is ongoing for the item");
            assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("busy")))
                    .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n("3")))))
                    .isInstanceOf(TransactionConflictException.class);
            assertThatThrownBy(() -> ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("busy")))))
                    .isInstanceOf(TransactionConflictException.class);
            assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("free")))
                            .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n("9")))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of("pk", s("busy")))).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                            .extracting(CancellationReason::code).containsExactly("None", "TransactionConflict"));
            assertThatThrownBy(() -> ddb.transactGetItems(b -> b.transactItems(
                    TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", s("busy")))).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                            .extracting(CancellationReason::code).containsExactly("TransactionConflict"));
            // other items are not held up, and nothing of the cancelled requests was written
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("other"), "v", n("1"))));
            assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("free")))).item().get("v").n()).isEqualTo("1");
            assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("busy")))).item().get("v").n()).isEqualTo("1");
            c.rollback();
        }
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("busy"), "v", n("2"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("busy")))).item().get("v").n()).isEqualTo("2");
    }

    @Test
    void concurrentConditionalIncrementsAreEachCountedOnce() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("counter"), "v", n("0"))));
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger committedTransactions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            int th = thread;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    String current = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("counter"))).consistentRead(true))
                            .item().get("v").n();
                    String next = Integer.toString(Integer.parseInt(current) + 1);
                    try {
                        if ((th + i) % 2 == 0) {
                            ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("counter")))
                                    .updateExpression("SET v = :next").conditionExpression("v = :current")
                                    .expressionAttributeValues(Map.of(":next", n(next), ":current", n(current))));
                        } else {
                            String log = "log-" + th + "-" + i;
                            ddb.transactWriteItems(b -> b.transactItems(
                                    TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("counter")))
                                            .updateExpression("SET v = :next").conditionExpression("v = :current")
                                            .expressionAttributeValues(Map.of(":next", n(next), ":current", n(current)))).build(),
                                    TransactWriteItem.builder().put(p -> p.tableName(table)
                                            .item(Map.of("pk", s(log), "v", n(next)))).build()));
                            committedTransactions.incrementAndGet();
                        }
                        committed.incrementAndGet();
                    } catch (ConditionalCheckFailedException | TransactionConflictException | TransactionCanceledException e) {
                        // lost the race: nothing was written
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(committed.get()).isPositive();
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("counter"))).consistentRead(true)).item().get("v").n())
                .isEqualTo(Integer.toString(committed.get()));
        assertThat(ddb.scan(b -> b.tableName(table).filterExpression("begins_with(pk, :log)")
                .expressionAttributeValues(Map.of(":log", s("log-")))).count()).isEqualTo(committedTransactions.get());
    }
}
