package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemKey;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * A STRONG (multi-Region strong consistency) global table refuses a write of an item that a write made in another
 * region is still writing, with ReplicatedWriteConflictException, and changes nothing; once that write committed the
 * next one goes to every replica.
 */
class ReplicatedWriteConflictTest {

    private final DynamoDbClient east = DynamoDbTestService.clientWithoutRetries("us-east-1");
    private final DynamoDbClient west = DynamoDbTestService.clientWithoutRetries("eu-west-1");
    private final DynamoDbClient south = DynamoDbTestService.clientWithoutRetries("ap-south-1");

    private static String v(DynamoDbClient c, String table, String key) {
        Map<String, AttributeValue> i = c.getItem(b -> b.tableName(table).key(Map.of("pk", s(key)))).item();
        return i == null || i.isEmpty() ? null : i.get("v").s();
    }

    private static void conflicts(Runnable write) {
        assertThatThrownBy(write::run).isInstanceOfSatisfying(ReplicatedWriteConflictException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("being modified by a request in another Region");
        });
    }

    @Test
    void aWriteMeetingAnotherRegionsWriteInFlightIsRefused() throws Exception {
        String name = DynamoDbTestService.createTable(east, null);
        east.updateTable(b -> b.tableName(name).multiRegionConsistency(MultiRegionConsistency.STRONG).replicaUpdates(
                ReplicationGroupUpdate.builder().create(c -> c.regionName("eu-west-1")).build(),
                ReplicationGroupUpdate.builder().create(c -> c.regionName("ap-south-1")).build()));
        east.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "v", s("first"))));
        assertThat(v(west, name, "k")).isEqualTo("first");

        // a PutItem made in eu-west-1, not yet committed: it holds every replica's copy of the item
        TableStore tables = DynamoDbTestService.bean(TableStore.class);
        try (Connection c = DynamoDbTestService.bean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String region : List.of("us-east-1", "eu-west-1", "ap-south-1")) {
                TableDef t = tables.find("000000000000", region, name).orElseThrow();
                st.execute("select pg_advisory_xact_lock(" + ItemKey.fromKey(t, Map.of("pk", s("k"))).lockId(t.id()) + ")");
            }

            conflicts(() -> east.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "v", s("east")))));
            conflicts(() -> south.updateItem(b -> b.tableName(name).key(Map.of("pk", s("k")))
                    .updateExpression("SET v = :v").conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":v", s("south")))));
            conflicts(() -> east.deleteItem(b -> b.tableName(name).key(Map.of("pk", s("k")))));
            conflicts(() -> south.batchWriteItem(b -> b.requestItems(Map.of(name, List.of(
                    WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("other"), "v", s("b")))).build(),
                    WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("k"), "v", s("b")))).build())))));

            // other items are not held up; the refused writes changed nothing
            east.putItem(b -> b.tableName(name).item(Map.of("pk", s("free"), "v", s("1"))));
            assertThat(v(south, name, "free")).isEqualTo("1");
            assertThat(v(south, name, "other")).isNull();
            c.rollback();
        }
        for (DynamoDbClient r : List.of(east, west, south)) {
            assertThat(v(r, name, "k")).isEqualTo("first");
        }

        // with no write in flight, the write goes, to every replica before it is answered
        south.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "v", s("south"))));
        for (DynamoDbClient r : List.of(east, west, south)) {
            assertThat(v(r, name, "k")).isEqualTo("south");
        }
    }
}
