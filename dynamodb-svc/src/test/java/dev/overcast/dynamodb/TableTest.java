package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class TableTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    @Test
    void createDescribeListDelete() {
        String name = DynamoDbTestService.tableName();
        CreateTableResponse created = ddb.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("ts").keyType(KeyType.RANGE).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("ts").attributeType(ScalarAttributeType.N).build(),
                        AttributeDefinition.builder().attributeName("other").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(5L))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byOther")
                        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("other").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("x"))
                        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tags(Tag.builder().key("team").value("a").build())
                .deletionProtectionEnabled(true));
        assertThat(created.tableDescription().tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(created.tableDescription().tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/" + name);
        assertThat(created.tableDescription().latestStreamArn()).startsWith(created.tableDescription().tableArn() + "/stream/");

        ddb.waiter().waitUntilTableExists(b -> b.tableName(name));
        TableDescription d = ddb.describeTable(b -> b.tableName(name)).table();
        assertThat(d.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(d.itemCount()).isZero();
        assertThat(d.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(d.globalSecondaryIndexes().get(0).indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(d.globalSecondaryIndexes().get(0).projection().nonKeyAttributes()).containsExactly("x");
        assertThat(d.localSecondaryIndexes().get(0).indexName()).isEqualTo("byOther");
        assertThat(d.deletionProtectionEnabled()).isTrue();
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(d.tableArn())).tags())
                .containsExactly(Tag.builder().key("team").value("a").build());

        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)))
                .isInstanceOf(ResourceInUseException.class).hasMessageContaining("Table already exists: " + name);

        assertThatThrownBy(() -> ddb.deleteTable(b -> b.tableName(name)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Resource cannot be deleted as it is currently protected against deletion");
        ddb.updateTable(b -> b.tableName(name).deletionProtectionEnabled(false));
        assertThat(ddb.deleteTable(b -> b.tableName(name)).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName(name)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Requested resource not found: Table: " + name + " not found");
    }

    @Test
    void listTablesPaginates() {
        DynamoDbClient other = DynamoDbTestService.client("123456789012", "eu-central-1");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add(DynamoDbTestService.createTable(other, null));
        }
        ListTablesResponse first = other.listTables(b -> b.limit(2));
        assertThat(first.tableNames()).hasSize(2);
        assertThat(first.lastEvaluatedTableName()).isEqualTo(first.tableNames().get(1));
        List<String> all = new ArrayList<>();
        other.listTablesPaginator(b -> b.limit(2)).tableNames().forEach(all::add);
        assertThat(all).containsAll(names).isSorted();
        assertThat(ddb.listTables().tableNames()).doesNotContainAnyElementsOf(names);
    }

    @Test
    void createTableValidation() {
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(DynamoDbTestService.tableName())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("x").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)))
                .hasMessageContaining("One or more parameter values were invalid: Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [id], AttributeDefinitions: [x]");
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(DynamoDbTestService.tableName())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("y").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)))
                .hasMessageContaining("One or more parameter values were invalid: Number of attributes in KeySchema does not "
                        + "exactly match number of attributes defined in AttributeDefinitions");
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(DynamoDbTestService.tableName())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())))
                .hasMessageContaining("No provisioned throughput specified for the table");
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(DynamoDbTestService.tableName())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))))
                .hasMessageContaining("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        assertThatThrownBy(() -> ddb.createTable(b -> b.tableName("ab")
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)))
                .hasMessageContaining("1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 3");
    }

    @Test
    void updateTableAndTags() {
        String name = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        String arn = ddb.describeTable(b -> b.tableName(name)).table().tableArn();
        UpdateTableResponse u = ddb.updateTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(3L).writeCapacityUnits(4L)));
        assertThat(u.tableDescription().provisionedThroughput().writeCapacityUnits()).isEqualTo(4L);
        ddb.updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        TableDescription d = ddb.describeTable(b -> b.tableName(name)).table();
        assertThat(d.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(d.streamSpecification().streamViewType()).isEqualTo(StreamViewType.KEYS_ONLY);
        assertThat(d.latestStreamArn()).isNotNull();

        ddb.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));
        ddb.untagResource(b -> b.resourceArn(arn).tagKeys("a"));
        assertThat(ddb.listTagsOfResource(b -> b.resourceArn(arn)).tags()).containsExactly(Tag.builder().key("b").value("2").build());
        assertThat(ddb.describeLimits().tableMaxReadCapacityUnits()).isEqualTo(40_000L);
        assertThat(ddb.describeEndpoints().endpoints()).hasSize(1);
    }

    @Test
    void addAGlobalSecondaryIndexBackfillsExistingItems() throws InterruptedException {
        String name = DynamoDbTestService.createTable(ddb, null);
        for (int i = 0; i < 10; i++) {
            int n = i;
            ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("k" + n),
                    "color", AttributeValue.fromS(n % 2 == 0 ? "red" : "blue"))));
        }
        // items whose value cannot be an index key stay out of the index, as DynamoDB leaves them out
        List<AttributeValue> refused = List.of(AttributeValue.fromS(""), AttributeValue.fromS("r".repeat(2049)),
                AttributeValue.fromN("1"), AttributeValue.fromSs(List.of("red")));
        for (int i = 0; i < refused.size(); i++) {
            int n = i;
            ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("bad" + n), "color", refused.get(n))));
        }
        UpdateTableResponse created = ddb.updateTable(b -> b.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("color").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName("byColor")
                        .keySchema(KeySchemaElement.builder().attributeName("color").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL))).build()));
        // the backfill phase: CREATING with Backfilling=true, then ACTIVE; writes meanwhile are indexed as well
        assertThat(created.tableDescription().globalSecondaryIndexes()).singleElement().satisfies(g -> {
            assertThat(g.indexStatus()).isEqualTo(IndexStatus.CREATING);
            assertThat(g.backfilling()).isTrue();
        });
        ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("during"),
                "color", AttributeValue.fromS("red"))));
        long deadline = System.currentTimeMillis() + 60_000;
        GlobalSecondaryIndexDescription gsi;
        do {
            gsi = ddb.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().get(0);
            if (gsi.indexStatus() != IndexStatus.ACTIVE) {
                try { // unless the backfill ended in between, the index cannot be read yet
                    ddb.query(b -> b.tableName(name).indexName("byColor").keyConditionExpression("color = :c")
                            .expressionAttributeValues(java.util.Map.of(":c", AttributeValue.fromS("red"))));
                } catch (DynamoDbException e) {
                    assertThat(e).hasMessageContaining("Cannot read from backfilling global secondary index: byColor");
                }
            }
        } while (gsi.indexStatus() != IndexStatus.ACTIVE && System.currentTimeMillis() < deadline && sleep());
        assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
        assertThat(gsi.backfilling()).isNull();
        assertThat(gsi.itemCount()).isEqualTo(11L);
        QueryResponse q = ddb.query(b -> b.tableName(name).indexName("byColor").keyConditionExpression("color = :c")
                .expressionAttributeValues(java.util.Map.of(":c", AttributeValue.fromS("red"))));
        assertThat(q.count()).isEqualTo(6);
        assertThat(ddb.scan(b -> b.tableName(name).indexName("byColor")).count()).isEqualTo(11);
        ddb.updateTable(b -> b.tableName(name).globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                .delete(x -> x.indexName("byColor")).build()));
        assertThat(ddb.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes()).isEmpty();
    }

    @Test
    void writesRefuseIndexKeysOverDynamoDbsSizeLimits() {
        String name = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("r").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byGR")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("r").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("a"),
                "g", AttributeValue.fromS("g".repeat(2048)), "r", AttributeValue.fromS("r".repeat(1024)))));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("b"),
                "g", AttributeValue.fromS("g".repeat(2049)), "r", AttributeValue.fromS("r")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "One or more parameter values were invalid: Size limit exceeded for Index Key g Actual Size: 2049 bytes "
                                + "Max Size: 2048 bytes IndexName: byGR"));
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName(name).key(java.util.Map.of("pk", AttributeValue.fromS("a")))
                .updateExpression("SET r = :r").expressionAttributeValues(java.util.Map.of(":r", AttributeValue.fromS("é".repeat(513))))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "One or more parameter values were invalid: Size limit exceeded for Index Key r Actual Size: 1026 bytes "
                                + "Max Size: 1024 bytes IndexName: byGR"));
        assertThat(ddb.scan(b -> b.tableName(name).indexName("byGR")).count()).isEqualTo(1);
    }

    @Test
    void itemOperationsOnATableStillCreatingFindNoTable() {
        String name = DynamoDbTestService.tableName();
        java.time.Instant now = java.time.Instant.now();
        TableDescription creating = TableDescription.builder().tableName(name).tableStatus(TableStatus.CREATING)
                .tableArn("arn:aws:dynamodb:us-east-1:000000000000:table/" + name).creationDateTime(now)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .build();
        // what CreateTable stores when the status delay is an hour
        DynamoDbTestService.bean(dev.overcast.dynamodb.table.TableStore.class)
                .insert("000000000000", "us-east-1", name, creating, java.util.Map.of(), now.plusSeconds(3600));
        assertThat(ddb.describeTable(b -> b.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(name).key(java.util.Map.of("pk", AttributeValue.fromS("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ddb.scan(b -> b.tableName(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void pointInTimeRecoverySetting() {
        String name = DynamoDbTestService.createTable(ddb, null);
        assertThat(ddb.describeContinuousBackups(b -> b.tableName(name)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        ContinuousBackupsDescription d = ddb.updateContinuousBackups(b -> b.tableName(name)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))).continuousBackupsDescription();
        assertThat(d.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(d.pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(35);
        assertThat(d.pointInTimeRecoveryDescription().earliestRestorableDateTime()).isNotNull();
        assertThatThrownBy(() -> ddb.describeContinuousBackups(b -> b.tableName("missing-table")))
                .isInstanceOf(TableNotFoundException.class).hasMessageContaining("Table not found: missing-table");
    }

    @Test
    void backupAndRestore() {
        String name = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromN("1"))));
        String arn = ddb.createBackup(b -> b.tableName(name).backupName("nightly")).backupDetails().backupArn();
        ddb.putItem(b -> b.tableName(name).item(java.util.Map.of("pk", AttributeValue.fromS("b"))));
        assertThat(ddb.describeBackup(b -> b.backupArn(arn)).backupDescription().sourceTableDetails().itemCount()).isEqualTo(1L);
        assertThat(ddb.listBackups(b -> b.tableName(name)).backupSummaries()).extracting(BackupSummary::backupArn).containsExactly(arn);
        String restored = name + "-restored";
        ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(restored));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(restored));
        assertThat(ddb.scan(b -> b.tableName(restored)).items()).extracting(i -> i.get("pk").s()).containsExactly("a");
        assertThat(ddb.describeTable(b -> b.tableName(restored)).table().restoreSummary().sourceBackupArn()).isEqualTo(arn);
        assertThatThrownBy(() -> ddb.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(restored)))
                .isInstanceOf(TableAlreadyExistsException.class);
        ddb.deleteBackup(b -> b.backupArn(arn));
        assertThatThrownBy(() -> ddb.describeBackup(b -> b.backupArn(arn))).isInstanceOf(BackupNotFoundException.class);
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
