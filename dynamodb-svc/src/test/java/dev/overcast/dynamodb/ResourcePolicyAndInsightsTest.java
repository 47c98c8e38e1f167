package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/** Resource-based policies (revisions, cross-account access) and Contributor Insights settings through the SDK. */
class ResourcePolicyAndInsightsTest {

    private final DynamoDbClient owner = DynamoDbTestService.client("111122223333", "us-east-1");
    private final DynamoDbClient other = DynamoDbTestService.client("444455556666", "us-east-1");

    private static String policy(String effect, String principal, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":\""
                + principal + "\"},\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    @Test
    void aPolicyWithRevisionsLetsAnotherAccountInAsItSays() {
        String table = DynamoDbTestService.createTable(owner, null);
        String arn = owner.describeTable(b -> b.tableName(table)).table().tableArn();
        owner.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", s("1"))));

        assertThatThrownBy(() -> other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("a")))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("because no resource-based policy allows");
        assertThatThrownBy(() -> owner.getResourcePolicy(b -> b.resourceArn(arn))).isInstanceOf(PolicyNotFoundException.class);

        String read = policy("Allow", "arn:aws:iam::444455556666:root", "dynamodb:GetItem", arn);
        String r1 = owner.putResourcePolicy(b -> b.resourceArn(arn).policy(read).expectedRevisionId("NO_POLICY")).revisionId();
        GetResourcePolicyResponse got = owner.getResourcePolicy(b -> b.resourceArn(arn));
        assertThat(got.policy()).isEqualTo(read);
        assertThat(got.revisionId()).isEqualTo(r1);

        // the other account may read now, and only what the policy allows
        assertThat(other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("a")))).item()).containsEntry("v", s("1"));
        assertThatThrownBy(() -> other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("b"))))).isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("not authorized to perform: dynamodb:PutItem");

        // a conditional update with a stale revision fails; with the current one it goes, and a Deny wins
        assertThatThrownBy(() -> owner.putResourcePolicy(b -> b.resourceArn(arn).policy(read).expectedRevisionId("1")))
                .isInstanceOf(PolicyNotFoundException.class);
        assertThatThrownBy(() -> owner.putResourcePolicy(b -> b.resourceArn(arn).policy(read).expectedRevisionId("NO_POLICY")))
                .isInstanceOf(PolicyNotFoundException.class);
        String both = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"dynamodb:*\","
                + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"444455556666\"},\"Action\":\"dynamodb:Get*\",\"Resource\":\"*\"}]}";
        String r2 = owner.putResourcePolicy(b -> b.resourceArn(arn).policy(both).expectedRevisionId(r1)).revisionId();
        assertThat(r2).isNotEqualTo(r1);
        other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("b"))));
        assertThatThrownBy(() -> other.getItem(b -> b.tableName(arn).key(Map.of("pk", s("a"))))).isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("not authorized");

        assertThatThrownBy(() -> owner.putResourcePolicy(b -> b.resourceArn(arn).policy("{not json")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Invalid policy document");
        assertThatThrownBy(() -> owner.putResourcePolicy(b -> b.resourceArn(arn + "x").policy(read)))
                .isInstanceOf(ResourceNotFoundException.class);

        assertThat(owner.deleteResourcePolicy(b -> b.resourceArn(arn).expectedRevisionId(r2)).revisionId()).isEqualTo(r2);
        assertThatThrownBy(() -> owner.deleteResourcePolicy(b -> b.resourceArn(arn))).isInstanceOf(PolicyNotFoundException.class);
        assertThatThrownBy(() -> other.putItem(b -> b.tableName(arn).item(Map.of("pk", s("c"))))).isInstanceOf(DynamoDbException.class);
    }

    @Test
    void contributorInsightsAreRecordedPerTableAndIndex() {
        String table = DynamoDbTestService.createTable(owner, ScalarAttributeType.S);
        assertThat(owner.describeContributorInsights(b -> b.tableName(table)).contributorInsightsStatus())
                .isEqualTo(ContributorInsightsStatus.DISABLED);
        UpdateContributorInsightsResponse u = owner.updateContributorInsights(b -> b.tableName(table)
                .contributorInsightsAction(ContributorInsightsAction.ENABLE));
        assertThat(u.contributorInsightsStatus()).isEqualTo(ContributorInsightsStatus.ENABLING);
        DescribeContributorInsightsResponse d = owner.describeContributorInsights(b -> b.tableName(table));
        assertThat(d.contributorInsightsStatus()).isEqualTo(ContributorInsightsStatus.ENABLED);
        assertThat(d.contributorInsightsRuleList()).hasSize(4)
                .allSatisfy(r -> assertThat(r).startsWith("DynamoDBContributorInsights-").contains(table));
        assertThat(owner.listContributorInsights(b -> b.tableName(table)).contributorInsightsSummaries())
                .extracting(ContributorInsightsSummary::contributorInsightsStatus).containsExactly(ContributorInsightsStatus.ENABLED);
        owner.updateContributorInsights(b -> b.tableName(table).contributorInsightsAction(ContributorInsightsAction.DISABLE));
        assertThat(owner.describeContributorInsights(b -> b.tableName(table)).contributorInsightsStatus())
                .isEqualTo(ContributorInsightsStatus.DISABLED);
        assertThatThrownBy(() -> owner.describeContributorInsights(b -> b.tableName(table).indexName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
