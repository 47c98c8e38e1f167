package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class PartiqlTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    @Test
    void selectInsertUpdateDelete() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        ddb.executeStatement(b -> b.statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'a', 'sk': 1, 'tags': <<'x', 'y'>>, 'doc': {'n': [1, 2]}}"));
        ddb.executeStatement(b -> b.statement("INSERT INTO \"" + table + "\" VALUE {'pk': ?, 'sk': ?, 'color': 'red'}")
                .parameters(AttributeValue.fromS("a"), AttributeValue.fromN("2")));
        assertThatThrownBy(() -> ddb.executeStatement(b -> b.statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'a', 'sk': 2}")))
                .isInstanceOf(DuplicateItemException.class);

        ExecuteStatementResponse all = ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE pk = 'a'"));
        assertThat(all.items()).hasSize(2);
        assertThat(all.items().get(0).get("tags").ss()).containsExactlyInAnyOrder("x", "y");
        ExecuteStatementResponse some = ddb.executeStatement(b -> b.statement(
                "SELECT sk, color FROM \"" + table + "\" WHERE pk = ? AND sk > 1 AND color IS NOT MISSING AND color IN ['red', 'blue']")
                .parameters(AttributeValue.fromS("a")));
        assertThat(some.items()).containsExactly(Map.of("sk", AttributeValue.fromN("2"), "color", AttributeValue.fromS("red")));

        ddb.executeStatement(b -> b.statement("UPDATE \"" + table + "\" SET color = 'green' SET hits = 3 REMOVE tags WHERE pk = 'a' AND sk = 1"));
        Map<String, AttributeValue> updated = ddb.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1")))).item();
        assertThat(updated).containsEntry("color", AttributeValue.fromS("green")).containsEntry("hits", AttributeValue.fromN("3"))
                .doesNotContainKey("tags");
        assertThatThrownBy(() -> ddb.executeStatement(b -> b.statement("UPDATE \"" + table + "\" SET color = 'x' WHERE pk = 'zz' AND sk = 1")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        BatchExecuteStatementResponse batch = ddb.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("DELETE FROM \"" + table + "\" WHERE pk = 'a' AND sk = 1").build(),
                BatchStatementRequest.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'a', 'sk': 2}").build()));
        assertThat(batch.responses().get(0).error()).isNull();
        assertThat(batch.responses().get(1).error().codeAsString()).isEqualTo("DuplicateItem");
        assertThat(ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\"")).items()).hasSize(1);

        assertThatThrownBy(() -> ddb.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'b', 'sk': 1}").build(),
                ParameterizedStatement.builder().statement("UPDATE \"" + table + "\" SET x = 1 WHERE pk = 'nobody' AND sk = 1").build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed"));
        assertThat(ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE pk = 'b'")).items()).isEmpty();
        ddb.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("INSERT INTO \"" + table + "\" VALUE {'pk': 'b', 'sk': 1}").build(),
                ParameterizedStatement.builder().statement("UPDATE \"" + table + "\" SET x = ? WHERE pk = 'a' AND sk = 2")
                        .parameters(AttributeValue.fromN("7")).build()));
        assertThat(ddb.executeStatement(b -> b.statement("SELECT x FROM \"" + table + "\" WHERE pk = 'a'")).items())
                .containsExactly(Map.of("x", AttributeValue.fromN("7")));
        ddb.executeStatement(b -> b.statement("UPDATE \"" + table + "\" SET done = TRUE SET gone = null WHERE pk = 'a' AND sk = 2"));
        assertThat(ddb.executeStatement(b -> b.statement("SELECT done, gone FROM \"" + table + "\" WHERE done = true AND gone = NULL"))
                .items()).containsExactly(Map.of("done", AttributeValue.fromBool(true), "gone", AttributeValue.fromNul(true)));
    }

    /** SELECT pages as DynamoDB plans them: one partition's items in sort key order when the partition key is fixed. */
    @Test
    void selectOfOnePartitionPagesThroughThatPartition() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.N);
        for (String pk : List.of("a", "b", "c")) {
            for (int i = 0; i < 12; i++) {
                int sk = i;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(sk)),
                        "odd", AttributeValue.fromBool(sk % 2 == 1))));
            }
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE pk = ?")
                    .parameters(AttributeValue.fromS("b")).limit(5).nextToken(next));
            page.items().forEach(i -> seen.add(i.get("pk").s() + i.get("sk").n()));
            token = page.nextToken();
            pages++;
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
        } while (token != null);
        assertThat(seen).containsExactly("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11");
        assertThat(pages).isEqualTo(3);

        assertThat(ddb.executeStatement(b -> b.statement("SELECT sk FROM \"" + table + "\" WHERE odd = true AND 'c' = pk AND sk BETWEEN 2 AND 6")
                .limit(2)).items()).extracting(i -> i.get("sk").n()).containsExactly("3");
        assertThat(ddb.executeStatement(b -> b.statement("SELECT sk FROM \"" + table + "\" WHERE pk = 'a' AND (sk = 1 OR sk = 10) AND sk > 5"))
                .items()).extracting(i -> i.get("sk").n()).containsExactly("10");
        assertThat(ddb.executeStatement(b -> b.statement("SELECT sk FROM \"" + table + "\" WHERE pk = 'a' AND sk < 3 AND sk <> 1"))
                .items()).extracting(i -> i.get("sk").n()).containsExactly("0", "2");
        // a partition key of another type matches nothing, as a filter would
        assertThat(ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE pk = 1")).items()).isEmpty();
        // no fixed partition: a scan, Limit counting the items read across partitions
        ExecuteStatementResponse scanned = ddb.executeStatement(b -> b.statement("SELECT * FROM \"" + table + "\" WHERE pk = 'c' OR pk = 'x'")
                .limit(12));
        assertThat(scanned.items().size() + (scanned.nextToken() == null ? 0 : 1)).isPositive();
        assertThat(scanned.items()).allSatisfy(i -> assertThat(i.get("pk").s()).isEqualTo("c"));
    }
}
