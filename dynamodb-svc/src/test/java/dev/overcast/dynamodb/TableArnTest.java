package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/** A table's ARN is taken wherever DynamoDB takes one in TableName. */
class TableArnTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    @Test
    void everyOperationTakesTheTablesArn() {
        String table = DynamoDbTestService.createTable(ddb, null);
        String arn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        assertThat(ddb.describeTable(b -> b.tableName(arn)).table().tableName()).isEqualTo(table);
        ddb.putItem(b -> b.tableName(arn).item(Map.of("pk", s("a"), "v", s("1"))));
        ddb.updateItem(b -> b.tableName(arn).key(Map.of("pk", s("a"))).updateExpression("SET w = :w")
                .expressionAttributeValues(Map.of(":w", s("2"))));
        assertThat(ddb.getItem(b -> b.tableName(arn).key(Map.of("pk", s("a")))).item()).containsEntry("w", s("2"));
        assertThat(ddb.scan(b -> b.tableName(arn)).items()).hasSize(1);
        assertThat(ddb.query(b -> b.tableName(arn).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("a")))).items()).hasSize(1);
        ddb.batchWriteItem(b -> b.requestItems(Map.of(arn, java.util.List.of(WriteRequest.builder()
                .putRequest(p -> p.item(Map.of("pk", s("b")))).build()))));
        ddb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(p -> p.tableName(arn).item(Map.of("pk", s("c")))).build()));
        assertThat(ddb.transactGetItems(b -> b.transactItems(TransactGetItem.builder()
                .get(g -> g.tableName(arn).key(Map.of("pk", s("c")))).build())).responses().get(0).item()).isNotNull();
        assertThat(ddb.describeContinuousBackups(b -> b.tableName(arn)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        ddb.deleteItem(b -> b.tableName(arn).key(Map.of("pk", s("a"))));
        assertThat(ddb.scan(b -> b.tableName(table)).items()).hasSize(2);
    }

    @Test
    void anArnOfAnotherRegionOrAccountDoesNotReachTheTable() {
        String table = DynamoDbTestService.createTable(ddb, null);
        String arn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(arn.replace("us-east-1", "eu-west-1")).key(Map.of("pk", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ddb.describeTable(b -> b.tableName(arn.replace("us-east-1", "eu-west-1"))))
                .isInstanceOf(ResourceNotFoundException.class);
        String foreign = arn.replace(":000000000000:", ":111111111111:");
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName(foreign).key(Map.of("pk", s("a")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:root is not "
                            + "authorized to perform: dynamodb:GetItem on resource: " + foreign
                            + " because no resource-based policy allows the dynamodb:GetItem action");
                });
    }

    @Test
    void describeContinuousBackupsOfAMissingTableIsTableNotFound() {
        assertThatThrownBy(() -> ddb.describeContinuousBackups(b -> b.tableName("no-such-table")))
                .isInstanceOfSatisfying(TableNotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Table not found: no-such-table"));
    }
}
