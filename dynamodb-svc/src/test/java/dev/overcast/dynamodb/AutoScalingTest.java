package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Provisioned capacity auto scaling through UpdateTableReplicaAutoScaling: under sustained writes the table's write
 * capacity is raised toward consumption / target, and lowered again once the load stopped (the test service's scale-out
 * and scale-in windows are three seconds).
 */
class AutoScalingTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    private ProvisionedThroughputDescription throughput(String table) {
        return ddb.describeTable(b -> b.tableName(table)).table().provisionedThroughput();
    }

    @Test
    void sustainedWritesRaiseTheWriteCapacityAndItIsLoweredAfter() throws Exception {
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
        TableAutoScalingDescription configured = ddb.updateTableReplicaAutoScaling(b -> b.tableName(table)
                .provisionedWriteCapacityAutoScalingUpdate(u -> u.minimumUnits(1L).maximumUnits(200L)
                        .scalingPolicyUpdate(p -> p.targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0)
                                .scaleInCooldown(0).scaleOutCooldown(0))))
                .replicaUpdates(ReplicaAutoScalingUpdate.builder().regionName("us-east-1")
                        .replicaProvisionedReadCapacityAutoScalingUpdate(u -> u.minimumUnits(1L).maximumUnits(10L)
                                .scalingPolicyUpdate(p -> p.targetTrackingScalingPolicyConfiguration(c -> c.targetValue(70.0)))).build()))
                .tableAutoScalingDescription();
        ReplicaAutoScalingDescription replica = configured.replicas().get(0);
        assertThat(replica.regionName()).isEqualTo("us-east-1");
        assertThat(replica.replicaProvisionedWriteCapacityAutoScalingSettings().maximumUnits()).isEqualTo(200L);
        assertThat(replica.replicaProvisionedWriteCapacityAutoScalingSettings().scalingPolicies().get(0)
                .targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(50.0);
        assertThat(ddb.describeTableReplicaAutoScaling(b -> b.tableName(table)).tableAutoScalingDescription().replicas().get(0)
                .replicaProvisionedReadCapacityAutoScalingSettings().maximumUnits()).isEqualTo(10L);

        // sustained writes of 1 KB (one write unit each) until the capacity has been raised
        String kb = "x".repeat(1000);
        long deadline = System.nanoTime() + 60_000_000_000L;
        int i = 0;
        while (throughput(table).writeCapacityUnits() <= 1 && System.nanoTime() < deadline) {
            for (int n = 0; n < 20; n++) {
                int id = i++;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + id), "data", s(kb))));
            }
        }
        ProvisionedThroughputDescription raised = throughput(table);
        assertThat(raised.writeCapacityUnits()).isGreaterThan(1L).isLessThanOrEqualTo(200L);
        assertThat(raised.lastIncreaseDateTime()).isNotNull();
        assertThat(raised.readCapacityUnits()).isEqualTo(1L); // no reads: the read capacity stays at its minimum

        // the load stops: back to the minimum, one decrease today
        deadline = System.nanoTime() + 60_000_000_000L;
        while (throughput(table).writeCapacityUnits() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ProvisionedThroughputDescription lowered = throughput(table);
        assertThat(lowered.writeCapacityUnits()).isEqualTo(1L);
        assertThat(lowered.numberOfDecreasesToday()).isEqualTo(1L);
        assertThat(lowered.lastDecreaseDateTime()).isNotNull();
    }

    @Test
    void settingsAreValidated() {
        String onDemand = DynamoDbTestService.createTable(ddb, null);
        assertThatThrownBy(() -> ddb.updateTableReplicaAutoScaling(b -> b.tableName(onDemand)
                .provisionedWriteCapacityAutoScalingUpdate(u -> u.minimumUnits(1L).maximumUnits(5L))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("PAY_PER_REQUEST");
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
        assertThatThrownBy(() -> ddb.updateTableReplicaAutoScaling(b -> b.tableName(table)
                .provisionedWriteCapacityAutoScalingUpdate(u -> u.minimumUnits(10L).maximumUnits(5L))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("MinimumUnits");
        assertThatThrownBy(() -> ddb.updateTableReplicaAutoScaling(b -> b.tableName(table)
                .provisionedWriteCapacityAutoScalingUpdate(u -> u.minimumUnits(1L).maximumUnits(5L)
                        .scalingPolicyUpdate(p -> p.targetTrackingScalingPolicyConfiguration(c -> c.targetValue(95.0))))))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("TargetValue");
        assertThatThrownBy(() -> ddb.describeTableReplicaAutoScaling(b -> b.tableName("no-such-table")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
