package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * TransactWriteItems in group commit: transactions that queue while the groups in progress commit (held:
 * {@link HeldGroups}) are written in one group with single writes, each still all or none: a
 * cancelled one writes nothing, on a plain table or on one with an index, and answers DynamoDB's reasons; a repeat of a
 * ClientRequestToken in the same group is written once.
 */
class TransactionGroupCommitTest {

    private final DynamoDbClient ddb = DynamoDbTestService.clientWithoutRetries();

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    @Test
    void transactionsInOneGroupStayAllOrNothing() throws Exception {
        String plain = DynamoDbTestService.createTable(ddb, null);
        String indexed = DynamoDbTestService.createTableWithIndex(ddb, "byG");
        ddb.putItem(b -> b.tableName(plain).item(Map.of("pk", s("existing"), "v", n("1"))));
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try (HeldGroups held = HeldGroups.hold(ddb, plain, pool)) {
            // queued behind them: transactions that pass, that are cancelled, a token sent twice, and single writes
            Future<?> passes = pool.submit(() -> ddb.transactWriteItems(b -> b.transactItems(
                    put(plain, Map.of("pk", s("a1"))), put(indexed, Map.of("pk", s("a2"), "g", s("ga"))))));
            Future<TransactionCanceledException> cancelled = pool.submit(() -> {
                try {
                    ddb.transactWriteItems(b -> b.transactItems(
                            put(plain, Map.of("pk", s("b1"))),
                            TransactWriteItem.builder().conditionCheck(cc -> cc.tableName(plain).key(Map.of("pk", s("existing")))
                                    .conditionExpression("v = :nine").expressionAttributeValues(Map.of(":nine", n("9")))
                                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                            put(indexed, Map.of("pk", s("b2"), "g", s("gb"))),
                            TransactWriteItem.builder().update(u -> u.tableName(indexed).key(Map.of("pk", s("b3")))
                                    .updateExpression("SET g = :g").conditionExpression("attribute_exists(pk)")
                                    .expressionAttributeValues(Map.of(":g", s("gc")))).build()));
                    return null;
                } catch (TransactionCanceledException e) {
                    return e;
                }
            });
            List<Future<?>> tokens = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                tokens.add(pool.submit(() -> ddb.transactWriteItems(b -> b.clientRequestToken("token-once").transactItems(
                        TransactWriteItem.builder().update(u -> u.tableName(plain).key(Map.of("pk", s("counter")))
                                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1")))).build(),
                        put(indexed, Map.of("pk", s("c2"), "g", s("gc")))))));
            }
            List<Future<?>> singles = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = i;
                singles.add(pool.submit(() -> ddb.putItem(b -> b.tableName(plain).item(Map.of("pk", s("single-" + id))))));
            }
            held.awaitQueued(10);
            held.release();
            passes.get(120, TimeUnit.SECONDS);
            for (Future<?> f : tokens) {
                f.get(120, TimeUnit.SECONDS);
            }
            for (Future<?> f : singles) {
                f.get(120, TimeUnit.SECONDS);
            }
            TransactionCanceledException e = cancelled.get(120, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                    .containsExactly("None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed");
            assertThat(e.cancellationReasons().get(1).item()).containsEntry("v", n("1"));
            assertThat(e.getMessage()).contains("Transaction cancelled, please refer cancellation reasons for specific "
                    + "reasons [None, ConditionalCheckFailed, None, ConditionalCheckFailed]");
        } finally {
            pool.shutdownNow();
        }
        assertThat(ddb.getItem(b -> b.tableName(plain).key(Map.of("pk", s("a1")))).hasItem()).isTrue();
        assertThat(ddb.getItem(b -> b.tableName(indexed).key(Map.of("pk", s("a2")))).hasItem()).isTrue();
        // the cancelled one wrote nothing, neither item nor index entry
        assertThat(ddb.getItem(b -> b.tableName(plain).key(Map.of("pk", s("b1")))).hasItem()).isFalse();
        assertThat(ddb.getItem(b -> b.tableName(indexed).key(Map.of("pk", s("b2")))).hasItem()).isFalse();
        assertThat(ddb.query(b -> b.tableName(indexed).indexName("byG").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("gb")))).count()).isZero();
        // the token's two requests: written once
        assertThat(ddb.getItem(b -> b.tableName(plain).key(Map.of("pk", s("counter")))).item()).containsEntry("n", n("1"));
        assertThat(ddb.getItem(b -> b.tableName(indexed).key(Map.of("pk", s("c2")))).hasItem()).isTrue();
        for (int i = 0; i < 6; i++) {
            int id = i;
            assertThat(ddb.getItem(b -> b.tableName(plain).key(Map.of("pk", s("single-" + id)))).hasItem()).isTrue();
        }
    }

    @Test
    void aTransactionMeetingAnotherInProgressIsCancelledWithAConflict() throws Exception {
        String plain = DynamoDbTestService.createTable(ddb, null);
        TableDef t = DynamoDbTestService.bean(TableStore.class).find("000000000000", "us-east-1", plain).orElseThrow();
        try (Connection c = DynamoDbTestService.bean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            // a transaction of another request holds "taken"
            st.execute("select pg_advisory_xact_lock(" + dev.overcast.dynamodb.item.ItemStore.transactionLockId(t,
                    ItemKey.fromKey(t, Map.of("pk", s("taken")))) + ")");
            try {
                ddb.transactWriteItems(b -> b.transactItems(put(plain, Map.of("pk", s("free"))),
                        put(plain, Map.of("pk", s("taken")))));
                throw new AssertionError("not cancelled");
            } catch (TransactionCanceledException e) {
                assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                        .containsExactly("None", "TransactionConflict");
            }
            c.rollback();
        }
        assertThat(ddb.getItem(b -> b.tableName(plain).key(Map.of("pk", s("free")))).hasItem()).isFalse();
    }
}
