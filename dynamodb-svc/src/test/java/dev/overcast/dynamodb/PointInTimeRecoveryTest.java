package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

class PointInTimeRecoveryTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    @Test
    void restoresTheItemsOfAnyMomentInTheWindow() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("before-pitr"), "v", n("0"))));
        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table)
                .targetTableName(table + "-r0").useLatestRestorableTime(true)))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
        assertThat(ddb.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);

        Instant enabled = Instant.now();
        ddb.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n("1"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("b"), "v", n("1"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("c"), "v", n("1"))));
        Thread.sleep(1100);
        Instant noted = Instant.now();
        Thread.sleep(1100);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n("2"))));
        ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("b"))));
        ddb.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("before-pitr"))));
        ddb.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("c")))
                        .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", n("2")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", s("d"), "v", n("2")))).build()));
        Instant written = Instant.now();

        PointInTimeRecoveryDescription pitr = awaitLatestAfter(table, written);
        assertThat(pitr.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(pitr.recoveryPeriodInDays()).isEqualTo(35);
        assertThat(pitr.earliestRestorableDateTime()).isBetween(enabled.minusSeconds(1), noted);

        ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(table + "-then").restoreDateTime(noted));
        assertThat(contents(table + "-then")).isEqualTo(Map.of("before-pitr", "0", "a", "1", "b", "1", "c", "1"));

        String arn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        TableDescription latest = ddb.restoreTableToPointInTime(b -> b.sourceTableArn(arn).targetTableName(table + "-now")
                .useLatestRestorableTime(true)).tableDescription();
        assertThat(latest.restoreSummary().sourceTableArn()).isEqualTo(arn);
        assertThat(contents(table + "-now")).isEqualTo(Map.of("a", "2", "c", "2", "d", "2"));
        // the restored table is a table of its own: writing it changes nothing in the source
        ddb.putItem(b -> b.tableName(table + "-now").item(Map.of("pk", s("e"), "v", n("3"))));
        assertThat(contents(table)).doesNotContainKey("e");

        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(table + "-x")
                .restoreDateTime(enabled.minus(Duration.ofHours(1)))))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(table + "-x")
                .restoreDateTime(Instant.now().plusSeconds(60))))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(table + "-then")
                .useLatestRestorableTime(true)))
                .isInstanceOf(TableAlreadyExistsException.class);
        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table + "-missing")
                .targetTableName(table + "-x").useLatestRestorableTime(true)))
                .isInstanceOf(TableNotFoundException.class);
        assertThat(ddb.listTables().tableNames()).doesNotContain(table + "-x");

        ddb.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        assertThatThrownBy(() -> ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(table + "-x")
                .useLatestRestorableTime(true)))
                .isInstanceOf(PointInTimeRecoveryUnavailableException.class);
    }

    @Test
    void restoreAppliesTheOverrides() throws Exception {
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-g")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        ddb.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(p -> p
                .pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "g", s("x"))));
        Instant written = Instant.now();
        assertThat(awaitLatestAfter(table, written).recoveryPeriodInDays()).isEqualTo(7);

        String target = table + "-p";
        TableDescription d = ddb.restoreTableToPointInTime(b -> b.sourceTableName(table).targetTableName(target)
                .useLatestRestorableTime(true).billingModeOverride(BillingMode.PROVISIONED)
                .provisionedThroughputOverride(p -> p.readCapacityUnits(5L).writeCapacityUnits(6L))
                .globalSecondaryIndexOverride(GlobalSecondaryIndex.builder().indexName("by-g-2")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)).build())
                .sseSpecificationOverride(s -> s.enabled(true).sseType(SSEType.KMS))).tableDescription();
        assertThat(d.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(d.provisionedThroughput().writeCapacityUnits()).isEqualTo(6L);
        assertThat(d.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName).containsExactly("by-g-2");
        assertThat(d.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(ddb.query(b -> b.tableName(target).indexName("by-g-2").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("x")))).items())
                .containsExactly(Map.of("pk", s("a"), "g", s("x")));
    }

    private PointInTimeRecoveryDescription awaitLatestAfter(String table, Instant t) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            PointInTimeRecoveryDescription d = ddb.describeContinuousBackups(b -> b.tableName(table))
                    .continuousBackupsDescription().pointInTimeRecoveryDescription();
            if (d.latestRestorableDateTime().isAfter(t) || System.currentTimeMillis() > deadline) {
                return d;
            }
            Thread.sleep(250);
        }
    }

    private Map<String, String> contents(String table) {
        Map<String, String> out = new TreeMap<>();
        ddb.scan(b -> b.tableName(table)).items().forEach(i -> out.put(i.get("pk").s(), i.get("v").n()));
        return out;
    }

    /** Deleting a table with point-in-time recovery on leaves a SYSTEM backup of it, kept 35 days, to restore it from. */
    @Test
    void aDeletedTableLeavesASystemBackup() {
        String kept = DynamoDbTestService.createTable(ddb, null);
        String plain = DynamoDbTestService.createTable(ddb, null);
        ddb.updateContinuousBackups(b -> b.tableName(kept).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        for (String t : new String[] {kept, plain}) {
            ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "v", n("1"))));
            ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("b"), "v", n("2"))));
            ddb.deleteTable(b -> b.tableName(t));
        }
        assertThat(ddb.listBackups(b -> b.tableName(kept)).backupSummaries()).isEmpty(); // USER backups unless asked
        assertThat(ddb.listBackups(b -> b.tableName(plain).backupType(BackupTypeFilter.ALL)).backupSummaries()).isEmpty();
        BackupSummary system = ddb.listBackups(b -> b.tableName(kept).backupType(BackupTypeFilter.SYSTEM)).backupSummaries().get(0);
        assertThat(system.backupName()).isEqualTo(kept + "$DeletedTableBackup");
        assertThat(system.backupType()).isEqualTo(BackupType.SYSTEM);
        assertThat(system.backupExpiryDateTime()).isBetween(Instant.now().plus(Duration.ofDays(34)), Instant.now().plus(Duration.ofDays(36)));
        assertThat(ddb.listBackups(b -> b.tableName(kept).backupType(BackupTypeFilter.ALL)).backupSummaries()).hasSize(1);
        assertThat(ddb.describeBackup(b -> b.backupArn(system.backupArn())).backupDescription().backupDetails().backupType())
                .isEqualTo(BackupType.SYSTEM);

        ddb.restoreTableFromBackup(b -> b.backupArn(system.backupArn()).targetTableName(kept + "-back"));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(kept + "-back"));
        assertThat(ddb.scan(b -> b.tableName(kept + "-back")).items()).extracting(i -> i.get("pk").s()).containsExactlyInAnyOrder("a", "b");
    }
}
