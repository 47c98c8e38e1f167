package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static dev.overcast.dynamodb.DynamoDbTestService.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Global tables (version 2019.11.21) through the SDK: replicas in other regions of the suite with the items copied,
 * writes replicated both ways, a conflicting pair resolved by the last writer, STRONG consistency, streams on
 * replicas, and the deletion rules.
 */
class GlobalTablesTest {

    private final DynamoDbClient east = DynamoDbTestService.client("000000000000", "us-east-1");
    private final DynamoDbClient west = DynamoDbTestService.client("000000000000", "eu-west-1");
    private final DynamoDbClient south = DynamoDbTestService.client("000000000000", "ap-south-1");

    private static String item(DynamoDbClient c, String table, String key) {
        Map<String, AttributeValue> i = c.getItem(b -> b.tableName(table).key(Map.of("pk", s(key)))).item();
        return i == null || i.isEmpty() ? null : i.get("v").s();
    }

    /**
     * Runs a write on a STRONG global table until it is not refused for a write of the item from another region in
     * flight (ReplicatedWriteConflictException, which the SDK retries a few times itself).
     */
    private static void retriedOnConflict(Runnable write) {
        while (true) {
            try {
                write.run();
                return;
            } catch (ReplicatedWriteConflictException e) {
                Thread.onSpinWait();
            }
        }
    }

    private String tableWithStream() {
        String name = DynamoDbTestService.tableName();
        east.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        return name;
    }

    @Test
    void aReplicaGetsTheItemsAndWritesTravelBothWaysLastWriterWins() throws Exception {
        String name = tableWithStream();
        east.putItem(b -> b.tableName(name).item(Map.of("pk", s("before"), "v", s("1"), "g", s("x"))));

        TableDescription updated = east.updateTable(b -> b.tableName(name).replicaUpdates(
                ReplicationGroupUpdate.builder().create(c -> c.regionName("eu-west-1")).build())).tableDescription();
        assertThat(updated.replicas()).extracting(ReplicaDescription::regionName, ReplicaDescription::replicaStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eu-west-1", ReplicaStatus.CREATING));
        assertThat(updated.globalTableVersion()).isEqualTo("2019.11.21");

        TableDescription replica = west.describeTable(b -> b.tableName(name)).table();
        assertThat(replica.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(replica.tableArn()).isEqualTo("arn:aws:dynamodb:eu-west-1:000000000000:table/" + name);
        assertThat(replica.replicas()).extracting(ReplicaDescription::regionName).containsExactly("us-east-1");
        assertThat(replica.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName).containsExactly("byG");
        assertThat(east.describeTable(b -> b.tableName(name)).table().replicas())
                .extracting(ReplicaDescription::regionName, ReplicaDescription::replicaStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eu-west-1", ReplicaStatus.ACTIVE));
        // the existing items were copied, with their index entries
        assertThat(item(west, name, "before")).isEqualTo("1");
        assertThat(west.query(b -> b.tableName(name).indexName("byG").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("x")))).count()).isEqualTo(1);

        // a write in one region is read in the other, both ways
        east.putItem(b -> b.tableName(name).item(Map.of("pk", s("e"), "v", s("from-east"))));
        assertThat(eventually(() -> item(west, name, "e"), "from-east")).isEqualTo("from-east");
        west.updateItem(b -> b.tableName(name).key(Map.of("pk", s("e"))).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("from-west"))));
        assertThat(eventually(() -> item(east, name, "e"), "from-west")).isEqualTo("from-west");
        west.deleteItem(b -> b.tableName(name).key(Map.of("pk", s("before"))));
        assertThat(eventually(() -> item(east, name, "before"), null)).isNull();

        // a conflicting pair: the later write wins in both regions
        for (int round = 0; round < 3; round++) {
            String v1 = "east-" + round;
            String v2 = "west-" + round;
            east.putItem(b -> b.tableName(name).item(Map.of("pk", s("conflict"), "v", s(v1))));
            west.putItem(b -> b.tableName(name).item(Map.of("pk", s("conflict"), "v", s(v2))));
            assertThat(eventually(() -> item(east, name, "conflict"), v2)).isEqualTo(v2);
            assertThat(eventually(() -> item(west, name, "conflict"), v2)).isEqualTo(v2);
        }

        // the replica's stream carries the replicated changes
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(DynamoDbTestService.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        String streamArn = west.describeTable(b -> b.tableName(name)).table().latestStreamArn();
        assertThat(streamArn).startsWith("arn:aws:dynamodb:eu-west-1:");
        List<software.amazon.awssdk.services.dynamodb.model.Record> records = StreamReading.readByLineage(streams, streamArn);
        assertThat(records).anySatisfy(r -> {
            assertThat(r.dynamodb().keys()).containsEntry("pk", s("e"));
            assertThat(r.eventName()).isEqualTo(OperationType.INSERT);
        });

        // deletion: the replica goes, the table is no longer global
        TableDescription removed = east.updateTable(b -> b.tableName(name).replicaUpdates(
                ReplicationGroupUpdate.builder().delete(d -> d.regionName("eu-west-1")).build())).tableDescription();
        assertThat(removed.replicas()).isEmpty();
        assertThatThrownBy(() -> west.describeTable(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(east.describeTable(b -> b.tableName(name)).table().globalTableVersion()).isNull();
    }

    @Test
    void strongConsistencyWritesEveryReplicaBeforeItAnswers() {
        String name = tableWithStream();
        east.updateTable(b -> b.tableName(name).multiRegionConsistency(MultiRegionConsistency.STRONG).replicaUpdates(
                ReplicationGroupUpdate.builder().create(c -> c.regionName("eu-west-1")).build(),
                ReplicationGroupUpdate.builder().create(c -> c.regionName("ap-south-1")).build()));
        assertThat(south.describeTable(b -> b.tableName(name)).table().multiRegionConsistency())
                .isEqualTo(MultiRegionConsistency.STRONG);
        for (int i = 0; i < 5; i++) {
            String v = "v" + i;
            DynamoDbClient writer = i % 2 == 0 ? west : south;
            writer.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "v", s(v))));
            // no waiting: the write was acknowledged once every replica had committed it
            assertThat(item(east, name, "k")).isEqualTo(v);
            assertThat(item(west, name, "k")).isEqualTo(v);
            assertThat(item(south, name, "k")).isEqualTo(v);
        }
        // writers in three regions at once, single writes and batches, on the same items: no deadlock (a write that
        // meets another region's write in flight is refused, and written again), and every replica ends with the same
        // items
        java.util.List<Thread> writers = new java.util.ArrayList<>();
        java.util.List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (DynamoDbClient c : List.of(east, west, south)) {
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int n = 0; n < 15; n++) {
                        String v = c.serviceClientConfiguration().region() + "-" + n;
                        retriedOnConflict(() -> c.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "v", s(v)))));
                        retriedOnConflict(() -> c.batchWriteItem(b -> b.requestItems(Map.of(name, List.of(
                                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("x"), "v", s(v)))).build(),
                                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("y"), "v", s(v)))).build())))));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread w : writers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(failures).isEmpty();
        for (String key : List.of("k", "x", "y")) {
            assertThat(item(west, name, key)).isEqualTo(item(east, name, key));
            assertThat(item(south, name, key)).isEqualTo(item(east, name, key));
        }

        // deleting a replica with DeleteTable takes it out of the others' lists
        west.deleteTable(b -> b.tableName(name));
        assertThat(east.describeTable(b -> b.tableName(name)).table().replicas())
                .extracting(ReplicaDescription::regionName).containsExactly("ap-south-1");
    }

    @Test
    void replicaUpdatesAreValidated() {
        String name = tableWithStream();
        assertThatThrownBy(() -> east.updateTable(b -> b.tableName(name).replicaUpdates(
                ReplicationGroupUpdate.builder().delete(d -> d.regionName("eu-west-1")).build())))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Replica specified in the Replica Update or Replica Delete action of the request was not found");
        west.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
        assertThatThrownBy(() -> east.updateTable(b -> b.tableName(name).replicaUpdates(
                ReplicationGroupUpdate.builder().create(c -> c.regionName("eu-west-1")).build())))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("already existed as tables");
        assertThatThrownBy(() -> east.describeGlobalTable(b -> b.globalTableName(name)))
                .isInstanceOf(GlobalTableNotFoundException.class);
    }

    @Test
    void legacyGlobalTablesOf2017LinkExistingEmptyTables() throws Exception {
        String name = DynamoDbTestService.tableName();
        for (DynamoDbClient c : List.of(east, west)) {
            c.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        }
        GlobalTableDescription created = east.createGlobalTable(b -> b.globalTableName(name).replicationGroup(
                Replica.builder().regionName("us-east-1").build(), Replica.builder().regionName("eu-west-1").build()))
                .globalTableDescription();
        assertThat(created.globalTableStatus()).isEqualTo(GlobalTableStatus.CREATING);
        assertThat(created.globalTableArn()).isEqualTo("arn:aws:dynamodb::000000000000:global-table/" + name);
        GlobalTableDescription described = west.describeGlobalTable(b -> b.globalTableName(name)).globalTableDescription();
        assertThat(described.replicationGroup()).extracting(ReplicaDescription::regionName).containsExactly("eu-west-1", "us-east-1");
        assertThat(east.listGlobalTables(b -> b.regionName("us-east-1")).globalTables()).extracting(GlobalTable::globalTableName).contains(name);

        east.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "v", s("legacy"))));
        assertThat(eventually(() -> item(west, name, "k"), "legacy")).isEqualTo("legacy");

        east.updateGlobalTable(b -> b.globalTableName(name).replicaUpdates(ReplicaUpdate.builder().delete(d -> d.regionName("eu-west-1")).build()));
        assertThat(east.describeGlobalTable(b -> b.globalTableName(name)).globalTableDescription().replicationGroup())
                .extracting(ReplicaDescription::regionName).containsExactly("us-east-1");
        assertThatThrownBy(() -> west.describeGlobalTable(b -> b.globalTableName(name))).isInstanceOf(GlobalTableNotFoundException.class);
    }
}
