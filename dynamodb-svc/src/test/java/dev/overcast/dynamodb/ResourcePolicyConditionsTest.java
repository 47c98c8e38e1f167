package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Resource-based policies with Condition blocks deciding another account's requests through the SDK: DynamoDB's keys
 * (LeadingKeys, Attributes, Select, ReturnValues), the global ones (SecureTransport, SourceIp, PrincipalAccount),
 * transactions item by item, and AccessDeniedException as DynamoDB words an explicit deny and a missing allow.
 */
class ResourcePolicyConditionsTest {

    private final DynamoDbClient owner = DynamoDbTestService.client("111122223333", "us-east-1");
    private final DynamoDbClient other = DynamoDbTestService.client("444455556666", "us-east-1");
    private final DynamoDbClient third = DynamoDbTestService.client("777788889999", "us-east-1");

    private static String statement(String effect, String principal, String actions, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + actions
                + ",\"Resource\":\"*\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static final String OTHER = "{\"AWS\":\"arn:aws:iam::444455556666:root\"}";

    private String table() {
        String table = DynamoDbTestService.createTable(owner, null);
        owner.putItem(b -> b.tableName(table).item(Map.of("pk", s("tenant-a"), "v", s("1"), "secret", s("x"))));
        owner.putItem(b -> b.tableName(table).item(Map.of("pk", s("tenant-b"), "v", s("2"))));
        return owner.describeTable(b -> b.tableName(table)).table().tableArn();
    }

    private void attach(String arn, String policy) {
        owner.putResourcePolicy(b -> b.resourceArn(arn).policy(policy));
    }

    private static void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException"))
                .hasMessageContaining(message);
    }

    @Test
    void leadingKeysLimitAnotherAccountToItsItems() {
        String arn = table();
        attach(arn, policy(statement("Allow", OTHER,
                "[\"dynamodb:GetItem\",\"dynamodb:PutItem\",\"dynamodb:Query\",\"dynamodb:BatchWriteItem\"]",
                "{\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\":[\"tenant-a\"]}}")));

        assertThat(other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-a")))).item()).containsEntry("v", s("1"));
        refused(() -> other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-b")))),
                "User: arn:aws:iam::444455556666:root is not authorized to perform: dynamodb:GetItem on resource: "
                        + arn + " because no resource-based policy allows the dynamodb:GetItem action");
        other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("tenant-a"), "v", s("3"))));
        refused(() -> other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("tenant-b"), "v", s("4")))),
                "dynamodb:PutItem");
        assertThat(owner.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-b")))).item()).containsEntry("v", s("2"));

        assertThat(other.query(b -> b.tableName(arn).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("tenant-a")))).count()).isEqualTo(1);
        refused(() -> other.query(b -> b.tableName(arn).keyConditionExpression("#k = :p")
                .expressionAttributeNames(Map.of("#k", "pk")).expressionAttributeValues(Map.of(":p", s("tenant-b")))),
                "dynamodb:Query");

        // a batch is allowed only when every item it writes on the table leads with an allowed key
        refused(() -> other.batchWriteItem(b -> b.requestItems(Map.of(arn, java.util.List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("tenant-a")))).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", s("tenant-b")))).build())))),
                "dynamodb:BatchWriteItem");
        assertThat(owner.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-b")))).item()).isNotEmpty();
        other.batchWriteItem(b -> b.requestItems(Map.of(arn, java.util.List.of(
                WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("tenant-a"), "v", s("5")))).build()))));
        assertThat(owner.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-a")))).item()).containsEntry("v", s("5"));
    }

    @Test
    void attributesAndSelectLimitWhatIsRead() {
        String arn = table();
        attach(arn, policy(statement("Allow", OTHER, "[\"dynamodb:GetItem\",\"dynamodb:Scan\"]",
                "{\"ForAllValues:StringEquals\":{\"dynamodb:Attributes\":[\"pk\",\"v\"]},"
                        + "\"StringEqualsIfExists\":{\"dynamodb:Select\":\"SPECIFIC_ATTRIBUTES\"}}")));

        assertThat(other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-a"))).projectionExpression("pk, v"))
                .item()).isEqualTo(Map.of("pk", s("tenant-a"), "v", s("1")));
        assertThat(other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-a"))).projectionExpression("#v")
                .expressionAttributeNames(Map.of("#v", "v"))).item()).isEqualTo(Map.of("v", s("1")));
        refused(() -> other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-a"))).projectionExpression("v, secret")),
                "dynamodb:GetItem");
        refused(() -> other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-a")))), "dynamodb:GetItem");
        assertThat(other.scan(b -> b.tableName(arn).projectionExpression("v")).count()).isEqualTo(2);
        refused(() -> other.scan(b -> b.tableName(arn).select(Select.ALL_ATTRIBUTES)), "dynamodb:Scan");
    }

    @Test
    void returnValuesAndAnExplicitDeny() {
        String arn = table();
        attach(arn, policy(statement("Allow", OTHER, "\"dynamodb:*\"", null),
                statement("Deny", OTHER, "[\"dynamodb:PutItem\",\"dynamodb:UpdateItem\"]",
                        "{\"StringEquals\":{\"dynamodb:ReturnValues\":[\"ALL_OLD\",\"ALL_NEW\"]}}")));

        other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("tenant-c"))));
        assertThat(other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("tenant-c"), "v", s("9")))
                .returnValues(ReturnValue.NONE)).attributes()).isEmpty();
        refused(() -> other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("tenant-c"))).returnValues(ReturnValue.ALL_OLD)),
                "User: arn:aws:iam::444455556666:root is not authorized to perform: dynamodb:PutItem on resource: "
                        + arn + " with an explicit deny in a resource-based policy");
        refused(() -> other.updateItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-c")))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", s("10")))
                .returnValues(ReturnValue.ALL_NEW)), "with an explicit deny");
        assertThat(owner.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tenant-c")))).item()).containsEntry("v", s("9"));
    }

    @Test
    void globalKeysDecideWhoComesIn() {
        String arn = table();
        GetItemRequest read = GetItemRequest.builder().tableName(arn).key(Map.of("pk", s("tenant-a"))).build();

        // PrincipalAccount narrows a grant to everyone; the third account is not let in
        attach(arn, policy(statement("Allow", "\"*\"", "\"dynamodb:GetItem\"",
                "{\"StringEquals\":{\"aws:PrincipalAccount\":\"444455556666\"}}")));
        assertThat(other.getItem(read).item()).isNotEmpty();
        refused(() -> third.getItem(read), "User: arn:aws:iam::777788889999:root is not authorized");

        // the suite's clients come from this machine, over plain HTTP
        attach(arn, policy(statement("Allow", OTHER, "\"dynamodb:GetItem\"",
                "{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\"]}}")));
        refused(() -> other.getItem(read), "because no resource-based policy allows");
        attach(arn, policy(statement("Allow", OTHER, "\"dynamodb:GetItem\"",
                "{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"::1/128\"]}}")));
        assertThat(other.getItem(read).item()).isNotEmpty();
        attach(arn, policy(statement("Allow", OTHER, "\"dynamodb:GetItem\"", null),
                statement("Deny", "\"*\"", "\"dynamodb:*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")));
        refused(() -> other.getItem(read), "with an explicit deny in a resource-based policy");
    }

    @Test
    void aTransactionIsDecidedItemByItem() {
        String arn = table();
        attach(arn, policy(statement("Allow", OTHER, "[\"dynamodb:PutItem\",\"dynamodb:ConditionCheckItem\"]",
                "{\"StringEquals\":{\"dynamodb:EnclosingOperation\":\"TransactWriteItems\"}}")));

        other.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(arn).item(Map.of("pk", s("tx"), "v", s("1")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(arn).key(Map.of("pk", s("tenant-a")))
                        .conditionExpression("attribute_exists(pk)")).build()));
        assertThat(owner.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tx")))).item()).containsEntry("v", s("1"));
        refused(() -> other.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(arn).item(Map.of("pk", s("tx2")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(arn).key(Map.of("pk", s("tenant-a")))).build())),
                "dynamodb:DeleteItem");
        assertThat(owner.getItem(b -> b.tableName(arn).key(Map.of("pk", s("tx2")))).hasItem()).isFalse();
        // the grant is for items of a transaction only
        refused(() -> other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("tx3")))), "dynamodb:PutItem");
    }

    @Test
    void aPolicyMustBeDynamoDbsAndTheResources() {
        String arn = table();
        assertThatThrownBy(() -> attach(arn, policy("{\"Effect\":\"Allow\",\"Principal\":" + OTHER
                + ",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Invalid policy document");
        assertThatThrownBy(() -> attach(arn, policy("{\"Effect\":\"Allow\",\"Principal\":" + OTHER
                + ",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"" + arn + "-other\"}")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Invalid policy document");
        assertThatThrownBy(() -> attach(arn, policy(statement("Allow", OTHER, "\"dynamodb:GetItem\"",
                "{\"StringLooksLike\":{\"aws:SourceIp\":\"x\"}}"))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Invalid policy document");
        // an index of the table is under it
        attach(arn, policy("{\"Effect\":\"Allow\",\"Principal\":" + OTHER
                + ",\"Action\":\"dynamodb:Query\",\"Resource\":\"" + arn + "/index/*\"}"));
    }
}
