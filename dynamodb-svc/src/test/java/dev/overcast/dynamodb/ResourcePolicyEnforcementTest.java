package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Resource-based policies as they bind, through the SDK: an explicit Deny refuses the table's own account too (which
 * needs no Allow), a stream's policy decides DescribeStream, GetShardIterator and GetRecords, and PartiQL statements
 * are decided as dynamodb:PartiQLSelect/Insert/Update/Delete.
 */
class ResourcePolicyEnforcementTest {

    private static final String OWNER = "111122223333";
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final String OTHER = "{\"AWS\":\"arn:aws:iam::444455556666:root\"}";

    private final DynamoDbClient owner = DynamoDbTestService.client(OWNER, "us-east-1");
    private final DynamoDbClient other = DynamoDbTestService.client(OTHER_ACCOUNT, "us-east-1");

    private static String statement(String effect, String principal, String actions, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + actions
                + ",\"Resource\":\"*\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(AwsServiceException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException"))
                .hasMessageContaining(message);
    }

    private String table() {
        String table = DynamoDbTestService.createTable(owner, null);
        owner.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", s("1"))));
        owner.putItem(b -> b.tableName(table).item(Map.of("pk", s("b"), "v", s("2"))));
        return owner.describeTable(b -> b.tableName(table)).table().tableArn();
    }

    @Test
    void anExplicitDenyRefusesTheOwnerToo() {
        String arn = table();
        // an Allow for another account restricts nothing of the owner's
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(statement("Allow", OTHER, "\"dynamodb:GetItem\"", null))));
        owner.deleteItem(b -> b.tableName(arn).key(Map.of("pk", s("b"))));

        String revision = owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(
                statement("Deny", "\"*\"", "[\"dynamodb:DeleteItem\",\"dynamodb:DeleteTable\"]", null),
                statement("Deny", "\"*\"", "[\"dynamodb:PutItem\",\"dynamodb:BatchWriteItem\"]",
                        "{\"ForAnyValue:StringEquals\":{\"dynamodb:LeadingKeys\":[\"locked\"]}}")))).revisionId();
        String name = arn.substring(arn.indexOf("table/") + "table/".length());

        refused(() -> owner.deleteItem(b -> b.tableName(name).key(Map.of("pk", s("a")))),
                "User: arn:aws:iam::" + OWNER + ":root is not authorized to perform: dynamodb:DeleteItem on resource: "
                        + arn + " with an explicit deny in a resource-based policy");
        refused(() -> owner.deleteTable(b -> b.tableName(name)), "dynamodb:DeleteTable");
        refused(() -> owner.putItem(b -> b.tableName(name).item(Map.of("pk", s("locked")))), "dynamodb:PutItem");
        refused(() -> owner.batchWriteItem(b -> b.requestItems(Map.of(name, List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("locked")))).build())))),
                "dynamodb:BatchWriteItem");
        // what the policy does not deny goes ahead, and the denied item is still there
        owner.putItem(b -> b.tableName(name).item(Map.of("pk", s("c"))));
        assertThat(owner.getItem(b -> b.tableName(name).key(Map.of("pk", s("a")))).item()).containsEntry("v", s("1"));
        assertThat(owner.describeTable(b -> b.tableName(name)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);

        // the policy's own actions stay the owner's: once it is gone, so is the deny
        owner.deleteResourcePolicy(b -> b.resourceArn(arn).expectedRevisionId(revision));
        owner.deleteItem(b -> b.tableName(name).key(Map.of("pk", s("a"))));
        assertThat(owner.getItem(b -> b.tableName(name).key(Map.of("pk", s("a")))).hasItem()).isFalse();
    }

    @Test
    void aStreamsPolicyDecidesItsReaders() {
        String arn = table();
        String name = arn.substring(arn.indexOf("table/") + "table/".length());
        String streamArn = owner.updateTable(b -> b.tableName(name).streamSpecification(sp -> sp.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE))).tableDescription().latestStreamArn();
        owner.putItem(b -> b.tableName(name).item(Map.of("pk", s("after"), "v", s("3"))));
        DynamoDbStreamsClient otherStreams = DynamoDbTestService.streams(OTHER_ACCOUNT);
        DynamoDbStreamsClient ownerStreams = DynamoDbTestService.streams(OWNER);

        refused(() -> otherStreams.describeStream(b -> b.streamArn(streamArn)),
                "User: arn:aws:iam::" + OTHER_ACCOUNT + ":root is not authorized to perform: dynamodb:DescribeStream on "
                        + "resource: " + streamArn + " because no resource-based policy allows the dynamodb:DescribeStream action");
        // the table's policy is not the stream's
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(statement("Allow", OTHER, "\"dynamodb:*\"", null))));
        refused(() -> otherStreams.describeStream(b -> b.streamArn(streamArn)), "dynamodb:DescribeStream");

        owner.putResourcePolicy(b -> b.resourceArn(streamArn).policy(policy(statement("Allow", OTHER,
                "[\"dynamodb:DescribeStream\",\"dynamodb:GetShardIterator\",\"dynamodb:GetRecords\"]", null))));
        String shard = otherStreams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        String iterator = otherStreams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                .shardIteratorType(software.amazon.awssdk.services.dynamodb.model.ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(otherStreams.getRecords(b -> b.shardIterator(iterator)).records())
                .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("after");
        // ListStreams lists the caller's own streams only
        assertThat(otherStreams.listStreams(b -> b.tableName(name)).streams()).isEmpty();

        // a Deny of GetRecords binds the owner and the other account alike; the rest stays as it was
        owner.putResourcePolicy(b -> b.resourceArn(streamArn).policy(policy(
                statement("Allow", OTHER, "[\"dynamodb:DescribeStream\",\"dynamodb:GetShardIterator\",\"dynamodb:GetRecords\"]", null),
                statement("Deny", "\"*\"", "\"dynamodb:GetRecords\"", null))));
        refused(() -> ownerStreams.getRecords(b -> b.shardIterator(iterator)),
                "User: arn:aws:iam::" + OWNER + ":root is not authorized to perform: dynamodb:GetRecords on resource: "
                        + streamArn + " with an explicit deny in a resource-based policy");
        refused(() -> otherStreams.getRecords(b -> b.shardIterator(iterator)), "with an explicit deny");
        assertThat(ownerStreams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()).isNotEmpty();
        assertThat(otherStreams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                .shardIteratorType(software.amazon.awssdk.services.dynamodb.model.ShardIteratorType.LATEST)).shardIterator()).isNotBlank();
    }

    @Test
    void partiqlStatementsAreDecidedAsTheirVerbs() {
        String arn = table();
        String name = arn.substring(arn.indexOf("table/") + "table/".length());
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(
                statement("Allow", OTHER, "[\"dynamodb:PartiQLSelect\",\"dynamodb:PartiQLUpdate\",\"dynamodb:ExecuteStatement\"]", null),
                statement("Deny", "\"*\"", "\"dynamodb:PartiQLDelete\"", null))));

        assertThat(other.executeStatement(b -> b.statement("SELECT * FROM \"" + arn + "\" WHERE pk = 'a'")).items())
                .containsExactly(Map.of("pk", s("a"), "v", s("1")));
        other.executeStatement(b -> b.statement("UPDATE \"" + arn + "\" SET v = '7' WHERE pk = 'a'"));
        assertThat(owner.getItem(b -> b.tableName(name).key(Map.of("pk", s("a")))).item()).containsEntry("v", s("7"));
        // ExecuteStatement itself grants no statement
        refused(() -> other.executeStatement(b -> b.statement("INSERT INTO \"" + arn + "\" VALUE {'pk': 'x'}")),
                "User: arn:aws:iam::" + OTHER_ACCOUNT + ":root is not authorized to perform: dynamodb:PartiQLInsert on "
                        + "resource: " + arn + " because no resource-based policy allows the dynamodb:PartiQLInsert action");
        // the owner's own statements: the Deny binds them, a plain DeleteItem is another action
        refused(() -> owner.executeStatement(b -> b.statement("DELETE FROM \"" + name + "\" WHERE pk = 'b'")),
                "dynamodb:PartiQLDelete on resource: " + arn + " with an explicit deny");
        owner.executeStatement(b -> b.statement("INSERT INTO \"" + name + "\" VALUE {'pk': 'y'}"));
        List<BatchStatementResponse> batch = owner.batchExecuteStatement(b -> b.statements(
                BatchStatementRequest.builder().statement("DELETE FROM \"" + name + "\" WHERE pk = 'y'").build(),
                BatchStatementRequest.builder().statement("UPDATE \"" + name + "\" SET v = '8' WHERE pk = 'y'").build()))
                .responses();
        assertThat(batch.get(0).error().code()).isEqualTo(BatchStatementErrorCodeEnum.ACCESS_DENIED);
        assertThat(batch.get(1).error()).isNull();
        owner.deleteItem(b -> b.tableName(name).key(Map.of("pk", s("b"))));
        assertThat(owner.scan(b -> b.tableName(name)).items()).extracting(i -> i.get("pk").s())
                .containsExactlyInAnyOrder("a", "y");
    }

    @Test
    void anotherAccountTagsATableOnlyWhenAllowed() {
        String arn = table();
        refused(() -> other.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("other"))),
                "User: arn:aws:iam::" + OTHER_ACCOUNT + ":root is not authorized to perform: dynamodb:TagResource on "
                        + "resource: " + arn + " because no resource-based policy allows the dynamodb:TagResource action");
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(
                statement("Allow", OTHER, "[\"dynamodb:TagResource\",\"dynamodb:ListTagsOfResource\"]", null),
                statement("Deny", "\"*\"", "\"dynamodb:UntagResource\"", null))));

        other.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("team").value("other"), t -> t.key("cost").value("7")));
        assertThat(other.listTagsOfResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("team", "other"),
                        org.assertj.core.groups.Tuple.tuple("cost", "7"));
        // the owner's own tags and the other account's are the table's, one set
        owner.tagResource(b -> b.resourceArn(arn).tags(t -> t.key("owner").value("me")));
        assertThat(other.listTagsOfResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key)
                .containsExactlyInAnyOrder("team", "cost", "owner");
        // the explicit Deny binds both accounts
        refused(() -> other.untagResource(b -> b.resourceArn(arn).tagKeys("cost")),
                "dynamodb:UntagResource on resource: " + arn + " with an explicit deny in a resource-based policy");
        refused(() -> owner.untagResource(b -> b.resourceArn(arn).tagKeys("cost")),
                "User: arn:aws:iam::" + OWNER + ":root is not authorized to perform: dynamodb:UntagResource on resource: "
                        + arn + " with an explicit deny in a resource-based policy");
        assertThat(owner.listTagsOfResource(b -> b.resourceArn(arn)).tags()).hasSize(3);
    }

    @Test
    void aTablesSettingsAreItsOwnersAndAnExplicitDenyBindsThem() {
        String arn = table();
        String name = arn.substring(arn.indexOf("table/") + "table/".length());
        owner.updateContinuousBackups(b -> b.tableName(name)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(statement("Allow", OTHER, "\"dynamodb:*\"", null))));

        // an Allow admits another account to the table itself, not to its settings, backups or exports
        assertThat(other.describeTable(b -> b.tableName(arn)).table().tableArn()).isEqualTo(arn);
        refused(() -> other.exportTableToPointInTime(b -> b.tableArn(arn).s3Bucket("exports")),
                "User: arn:aws:iam::" + OTHER_ACCOUNT + ":root is not authorized to perform: dynamodb:ExportTableToPointInTime"
                        + " on resource: " + arn + " because no resource-based policy allows the "
                        + "dynamodb:ExportTableToPointInTime action");
        refused(() -> other.createBackup(b -> b.tableName(arn).backupName("theirs")), "dynamodb:CreateBackup");
        refused(() -> other.describeTimeToLive(b -> b.tableName(arn)), "dynamodb:DescribeTimeToLive");
        refused(() -> other.describeContinuousBackups(b -> b.tableName(arn)), "dynamodb:DescribeContinuousBackups");
        refused(() -> other.restoreTableToPointInTime(b -> b.sourceTableArn(arn).targetTableName(name + "-theirs")
                .useLatestRestorableTime(true)), "dynamodb:RestoreTableToPointInTime");

        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(statement("Deny", "\"*\"",
                "[\"dynamodb:ExportTableToPointInTime\",\"dynamodb:CreateBackup\",\"dynamodb:UpdateTimeToLive\","
                        + "\"dynamodb:RestoreTableToPointInTime\"]", null))));
        refused(() -> owner.exportTableToPointInTime(b -> b.tableArn(arn).s3Bucket("exports")),
                "User: arn:aws:iam::" + OWNER + ":root is not authorized to perform: dynamodb:ExportTableToPointInTime on "
                        + "resource: " + arn + " with an explicit deny in a resource-based policy");
        refused(() -> owner.createBackup(b -> b.tableName(name).backupName("mine")),
                "dynamodb:CreateBackup on resource: " + arn + " with an explicit deny");
        refused(() -> owner.updateTimeToLive(b -> b.tableName(name)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires"))), "dynamodb:UpdateTimeToLive");
        refused(() -> owner.restoreTableToPointInTime(b -> b.sourceTableName(name).targetTableName(name + "-copy")
                .useLatestRestorableTime(true)), "dynamodb:RestoreTableToPointInTime");
        // what the policy does not deny goes ahead; ListBackups has no resource for a policy to decide
        assertThat(owner.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        assertThat(owner.describeContinuousBackups(b -> b.tableName(name)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(owner.listBackups(b -> b.tableName(name)).backupSummaries()).isEmpty();
        assertThat(owner.listTables().tableNames()).doesNotContain(name + "-copy");
    }

    @Test
    void statementsOfAnExecuteTransactionAreEnclosedByIt() {
        String arn = table();
        String name = arn.substring(arn.indexOf("table/") + "table/".length());
        String inTransaction = "{\"StringEquals\":{\"dynamodb:EnclosingOperation\":\"ExecuteTransaction\"}}";
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy(
                statement("Allow", OTHER, "\"dynamodb:PartiQLSelect\"", inTransaction),
                statement("Deny", "\"*\"", "\"dynamodb:PartiQLUpdate\"", inTransaction))));

        // another account reads only within a transaction
        refused(() -> other.executeStatement(b -> b.statement("SELECT * FROM \"" + arn + "\" WHERE pk = 'a'")),
                "dynamodb:PartiQLSelect on resource: " + arn + " because no resource-based policy allows");
        assertThat(other.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("SELECT * FROM \"" + arn + "\" WHERE pk = 'a'").build()))
                .responses()).extracting(ItemResponse::item).containsExactly(Map.of("pk", s("a"), "v", s("1")));
        // the owner updates outside a transaction only
        owner.executeStatement(b -> b.statement("UPDATE \"" + name + "\" SET v = '5' WHERE pk = 'a'"));
        refused(() -> owner.executeTransaction(b -> b.transactStatements(
                ParameterizedStatement.builder().statement("UPDATE \"" + name + "\" SET v = '6' WHERE pk = 'a'").build(),
                ParameterizedStatement.builder().statement("UPDATE \"" + name + "\" SET v = '6' WHERE pk = 'b'").build())),
                "User: arn:aws:iam::" + OWNER + ":root is not authorized to perform: dynamodb:PartiQLUpdate on resource: "
                        + arn + " with an explicit deny in a resource-based policy");
        assertThat(owner.scan(b -> b.tableName(name)).items()).extracting(i -> i.get("pk").s() + "=" + i.get("v").s())
                .containsExactlyInAnyOrder("a=5", "b=2");
    }
}
