package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class BatchAndTransactionTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();



    @Test
    void batchRequestsAreValidatedBeforeAnyTableIsLookedUp() {
        // a table that does not exist: the request's own faults are reported first, as DynamoDB orders its checks
        assertThatThrownBy(() -> ddb.batchGetItem(b -> b.requestItems(Map.of("no-such-table",
                KeysAndAttributes.builder().keys(List.of(Map.of("pk", s("a")))).projectionExpression("#unbound").build()))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of("no-such-table",
                List.of(WriteRequest.builder().build())))))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        // and a well-formed request for it is a missing table
        assertThatThrownBy(() -> ddb.batchGetItem(b -> b.requestItems(Map.of("no-such-table",
                KeysAndAttributes.builder().keys(List.of(Map.of("pk", s("a")))).build()))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void batchWriteThenBatchGet() {
        String table = DynamoDbTestService.createTable(ddb, null);
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            puts.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("k" + puts.size()), "v", n("1")))).build());
        }
        BatchWriteItemResponse written = ddb.batchWriteItem(b -> b.requestItems(Map.of(table, puts)));
        assertThat(written.unprocessedItems()).isEmpty();
        ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", s("k0")))).build()))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add(Map.of("pk", s("k" + i)));
        }
        BatchGetItemResponse got = ddb.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).projectionExpression("pk").build())));
        assertThat(got.responses().get(table)).hasSize(24).allSatisfy(i -> assertThat(i).containsOnlyKeys("pk"));
        assertThat(got.unprocessedKeys()).isEmpty();

        assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("d")))).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", s("d")))).build())))))
                .hasMessageContaining("Provided list of item keys contains duplicates");
        List<WriteRequest> tooMany = new ArrayList<>(puts);
        tooMany.add(WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("extra")))).build());
        assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, tooMany))))
                .hasMessageContaining("at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                        + "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        assertThatThrownBy(() -> ddb.batchWriteItem(b -> b.requestItems(Map.of(table, List.of()))))
                .hasMessageContaining("Map value must satisfy constraint");
        assertThatThrownBy(() -> ddb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(List.of()).build()))))
                .hasMessageContaining("Value '[]' at 'requestItems." + table + ".member.keys' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
        List<Map<String, AttributeValue>> manyKeys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            manyKeys.add(Map.of("pk", s("x" + i)));
        }
        // one table's keys are limited by the model (KeyList: at most 100), all tables' together by BatchGetItem
        assertThatThrownBy(() -> ddb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(manyKeys).build()))))
                .hasMessageContaining("at 'requestItems." + table + ".member.keys' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 100");
        String other = DynamoDbTestService.createTable(ddb, null);
        assertThatThrownBy(() -> ddb.batchGetItem(b -> b.requestItems(Map.of(
                table, KeysAndAttributes.builder().keys(manyKeys.subList(0, 60)).build(),
                other, KeysAndAttributes.builder().keys(manyKeys.subList(60, 101)).build()))))
                .hasMessageContaining("Too many items requested for the BatchGetItem call");
    }

    @Test
    void transactWriteCommitsAllOrNothing() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("acct-a"), "balance", n("100"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("acct-b"), "balance", n("0"))));
        ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("acct-a")))
                        .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                        .expressionAttributeValues(Map.of(":amt", n("60")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("acct-b")))
                        .updateExpression("SET balance = balance + :amt").expressionAttributeValues(Map.of(":amt", n("60")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", s("log-1"), "amt", n("60")))
                        .conditionExpression("attribute_not_exists(pk)")).build()));
        assertThat(balance(table, "acct-a")).isEqualTo("40");
        assertThat(balance(table, "acct-b")).isEqualTo("60");

        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("acct-b")))
                        .updateExpression("SET balance = balance + :amt").expressionAttributeValues(Map.of(":amt", n("60")))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("acct-a")))
                        .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                        .expressionAttributeValues(Map.of(":amt", n("60")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(Map.of("pk", s("log-1")))
                        .conditionExpression("attribute_exists(pk)")).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, None]");
                    assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                            .containsExactly("None", "ConditionalCheckFailed", "None");
                    assertThat(e.cancellationReasons().get(1).item()).containsEntry("balance", n("40"));
                });
        assertThat(balance(table, "acct-b")).isEqualTo("60");

        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of("pk", s("acct-a")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(Map.of("pk", s("acct-a")))
                        .conditionExpression("attribute_exists(pk)")).build())))
                .hasMessageContaining("Transaction request cannot include multiple operations on one item");

        TransactGetItemsResponse read = ddb.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", s("acct-a")))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", s("nobody")))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(Map.of("pk", s("log-1"))).projectionExpression("amt")).build()));
        assertThat(read.responses()).hasSize(3);
        assertThat(read.responses().get(0).item()).containsEntry("balance", n("40"));
        assertThat(read.responses().get(1).hasItem()).isFalse();
        assertThat(read.responses().get(2).item()).containsOnlyKeys("amt");
    }

    @Test
    void clientRequestTokenMakesTransactionsIdempotent() {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("c"), "n", n("0"))));
        TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("c")))
                .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1")))).build();
        ddb.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(increment));
        ddb.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(increment));
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("c")))).item().get("n").n()).isEqualTo("1");
        TransactWriteItem other = TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("c")))
                .updateExpression("ADD n :two").expressionAttributeValues(Map.of(":two", n("2")))).build();
        assertThatThrownBy(() -> ddb.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(other)))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    void concurrentTransfersConserveTheTotal() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        int accounts = 5;
        for (int i = 0; i < accounts; i++) {
            int a = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("acct-" + a), "balance", n("100"))));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 6; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(seed);
                for (int i = 0; i < 15; i++) {
                    int from = random.nextInt(accounts);
                    int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                    String amount = Integer.toString(1 + random.nextInt(30));
                    try {
                        ddb.transactWriteItems(b -> b.transactItems(
                                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("acct-" + from)))
                                        .updateExpression("SET balance = balance - :a").conditionExpression("balance >= :a")
                                        .expressionAttributeValues(Map.of(":a", n(amount)))).build(),
                                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("acct-" + to)))
                                        .updateExpression("SET balance = balance + :a").expressionAttributeValues(Map.of(":a", n(amount)))).build()));
                        committed.incrementAndGet();
                    } catch (TransactionCanceledException insufficient) {
                        // the condition refused an overdraft: nothing changed
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        int total = 0;
        for (int i = 0; i < accounts; i++) {
            int balance = Integer.parseInt(balance(table, "acct-" + i));
            assertThat(balance).isNotNegative();
            total += balance;
        }
        assertThat(total).isEqualTo(100 * accounts);
        assertThat(committed.get()).isPositive();
    }

    private String balance(String table, String account) {
        return ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s(account)))).item().get("balance").n();
    }
}
