package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Group commit: writes that wait while a group commits are written together in the next one, each keeping its own
 * outcome. The groups in progress are held ({@link HeldGroups}), so that the writes sent meanwhile can only queue, and
 * then form one group.
 */
class GroupCommitTest {

    private final DynamoDbClient ddb = DynamoDbTestService.clientWithoutRetries();

    @Test
    void membersOfOneGroupKeepTheirOwnConditionsAndResults() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("existing"), "v", n("1"))));
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try (HeldGroups held = HeldGroups.hold(ddb, table, pool)) {
            // these can only queue: they form the next group together
            List<Future<Boolean>> creates = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int id = i;
                creates.add(pool.submit(() -> {
                    try {
                        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("contested"), "by", n(Integer.toString(id))))
                                .conditionExpression("attribute_not_exists(pk)"));
                        return true;
                    } catch (ConditionalCheckFailedException e) {
                        return false;
                    }
                }));
            }
            List<Future<?>> plain = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = i;
                plain.add(pool.submit(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("plain-" + id), "v", n("1"))))));
            }
            Future<ConditionalCheckFailedException> failing = pool.submit(() -> {
                try {
                    ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("existing")))
                            .updateExpression("SET v = :v").conditionExpression("v = :wrong")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .expressionAttributeValues(Map.of(":v", n("5"), ":wrong", n("9"))));
                    return null;
                } catch (ConditionalCheckFailedException e) {
                    return e;
                }
            });
            Future<Map<String, AttributeValue>> updated = pool.submit(() -> ddb.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s("existing"))).updateExpression("SET w = :w").returnValues(ReturnValue.ALL_NEW)
                    .expressionAttributeValues(Map.of(":w", n("2")))).attributes());
            Future<?> deleted = pool.submit(() -> ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("plain-0")))
                    .conditionExpression("attribute_exists(nothing)")));
            held.awaitQueued(29);
            held.release(); // the held groups go on, the queued writes follow as one group
            int won = 0;
            for (Future<Boolean> f : creates) {
                won += f.get(120, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).as("concurrent attribute_not_exists puts of one key that succeed").isEqualTo(1);
            for (Future<?> f : plain) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertThat(failing.get(120, TimeUnit.SECONDS)).isNotNull()
                    .satisfies(e -> assertThat(e.item()).containsKey("pk"));
            assertThat(updated.get(120, TimeUnit.SECONDS)).containsEntry("w", n("2")).containsKey("v");
            assertThat(deleted).failsWithin(120, TimeUnit.SECONDS).withThrowableThat()
                    .havingCause().isInstanceOf(ConditionalCheckFailedException.class);
        } finally {
            pool.shutdownNow();
        }
        Map<String, AttributeValue> existing = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("existing")))
                .consistentRead(true)).item();
        assertThat(existing).containsEntry("v", n("1")).containsEntry("w", n("2"));
        for (int i = 0; i < 10; i++) {
            int id = i;
            assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("plain-" + id)))).item()).containsEntry("v", n("1"));
        }
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("contested")))).item()).containsKey("by");
    }

    @Test
    void writesOfOneItemInOneGroupApplyInTurn() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("counter"), "n", n("0"))));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(pool.submit(() -> {
                for (int j = 0; j < 10; j++) {
                    ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s("counter")))
                            .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", n("1"))));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("counter"))).consistentRead(true)).item())
                .containsEntry("n", n("160"));
    }
}
