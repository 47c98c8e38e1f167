package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.*;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Application Auto Scaling with the SDK's own client: a table's write capacity registered as a scalable target with a
 * target-tracking policy is raised under sustained writes (visible in DescribeTable, listed as an activity); a
 * scheduled action sets new bounds when the suite clock reaches it; targets, policies and actions are described,
 * tagged and removed as AWS does.
 */
class ApplicationAutoScalingTest {

    private static final String WRITES = "dynamodb:table:WriteCapacityUnits";

    private final DynamoDbClient ddb = DynamoDbTestService.client();
    private final ApplicationAutoScalingClient aas = ApplicationAutoScalingClient.builder()
            .endpointOverride(DynamoDbTestService.endpoint()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
            .httpClient(UrlConnectionHttpClient.create()).build();

    private String provisionedTable() {
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
        return table;
    }

    private ProvisionedThroughputDescription throughput(String table) {
        return ddb.describeTable(b -> b.tableName(table)).table().provisionedThroughput();
    }

    @Test
    void aTargetTrackingPolicyRaisesTheWriteCapacityUnderSustainedWrites() throws Exception {
        String table = provisionedTable();
        String resource = "table/" + table;
        String arn = aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES).minCapacity(1).maxCapacity(200).tags(Map.of("team", "a"))).scalableTargetARN();
        assertThat(arn).startsWith("arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/");
        PutScalingPolicyResponse put = aas.putScalingPolicy(b -> b.policyName("writes").serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0).scaleOutCooldown(0).scaleInCooldown(0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION))));
        assertThat(put.policyARN()).contains(":scalingPolicy:").endsWith("resource/dynamodb/" + resource + ":policyName/writes");

        ScalableTarget target = aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds(resource)).scalableTargets().get(0);
        assertThat(target.scalableDimensionAsString()).isEqualTo(WRITES);
        assertThat(target.minCapacity()).isEqualTo(1);
        assertThat(target.maxCapacity()).isEqualTo(200);
        assertThat(target.scalableTargetARN()).isEqualTo(arn);
        ScalingPolicy policy = aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource)).scalingPolicies().get(0);
        assertThat(policy.policyName()).isEqualTo("writes");
        assertThat(policy.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(50.0);
        assertThat(aas.listTagsForResource(b -> b.resourceARN(arn)).tags()).containsEntry("team", "a");
        // the same target, seen through DynamoDB's own auto scaling API
        assertThat(ddb.describeTableReplicaAutoScaling(b -> b.tableName(table)).tableAutoScalingDescription().replicas().get(0)
                .replicaProvisionedWriteCapacityAutoScalingSettings().maximumUnits()).isEqualTo(200L);

        // sustained writes of 1 KB (one write unit each) until the capacity has been raised
        String kb = "x".repeat(1000);
        long deadline = System.nanoTime() + 120_000_000_000L;
        int i = 0;
        while (throughput(table).writeCapacityUnits() <= 1 && System.nanoTime() < deadline) {
            for (int n = 0; n < 20; n++) {
                int id = i++;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + id), "data", s(kb))));
            }
        }
        assertThat(throughput(table).writeCapacityUnits()).isGreaterThan(1L).isLessThanOrEqualTo(200L);
        ScalingActivity activity = aas.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource)).scalingActivities().get(0);
        assertThat(activity.scalableDimensionAsString()).isEqualTo(WRITES);
        assertThat(activity.description()).startsWith("Setting write capacity units to ");
        assertThat(activity.cause()).contains("writes");
        assertThat(activity.statusCode()).isEqualTo(ScalingActivityStatusCode.SUCCESSFUL);

        aas.deleteScalingPolicy(b -> b.policyName("writes").serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES));
        assertThat(aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource))
                .scalingPolicies()).isEmpty();
        aas.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource).scalableDimension(WRITES));
        assertThat(aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceIds(resource))
                .scalableTargets()).isEmpty();
        assertThatThrownBy(() -> aas.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES))).isInstanceOf(ObjectNotFoundException.class);
    }

    private void trackWrites(String resource, String name, double target, boolean disableScaleIn) {
        aas.putScalingPolicy(b -> b.policyName(name).serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(target).scaleOutCooldown(0).scaleInCooldown(0)
                        .disableScaleIn(disableScaleIn)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION))));
    }

    @Test
    void severalPoliciesOnATargetAreInForceAndTheOneGivingMostCapacityWins() throws Exception {
        String table = provisionedTable();
        String resource = "table/" + table;
        aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES).minCapacity(1).maxCapacity(500));
        trackWrites(resource, "loose", 90.0, true);
        trackWrites(resource, "tight", 20.0, false);
        trackWrites(resource, "loose", 80.0, true); // the same name replaces, it is not one more
        assertThat(aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource))
                .scalingPolicies()).extracting(ScalingPolicy::policyName, p -> p.targetTrackingScalingPolicyConfiguration().targetValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("loose", 80.0), org.assertj.core.groups.Tuple.tuple("tight", 20.0));
        assertThat(aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .policyNames("tight")).scalingPolicies()).hasSize(1);
        assertThat(ddb.describeTableReplicaAutoScaling(b -> b.tableName(table)).tableAutoScalingDescription().replicas().get(0)
                .replicaProvisionedWriteCapacityAutoScalingSettings().scalingPolicies())
                .extracting(software.amazon.awssdk.services.dynamodb.model.AutoScalingPolicyDescription::policyName)
                .containsExactly("loose", "tight");

        // under sustained writes both policies would scale out: the tighter target asks for more, and is followed
        String kb = "x".repeat(1000);
        long deadline = System.nanoTime() + 120_000_000_000L;
        int i = 0;
        while (throughput(table).writeCapacityUnits() <= 1 && System.nanoTime() < deadline) {
            for (int n = 0; n < 20; n++) {
                int id = i++;
                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + id), "data", s(kb))));
            }
        }
        assertThat(throughput(table).writeCapacityUnits()).isGreaterThan(1L);
        assertThat(aas.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource))
                .scalingActivities().get(0).cause()).contains("target tracking policy tight (scale out)");

        // with the writes over, the policy whose scale-in is enabled scales in; the other does not hold it back
        SuiteClock clock = DynamoDbTestService.bean(SuiteClock.class);
        clock.advance(Duration.ofHours(1));
        deadline = System.nanoTime() + 60_000_000_000L;
        while (throughput(table).writeCapacityUnits() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(throughput(table).writeCapacityUnits()).isEqualTo(1L);
        assertThat(aas.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource))
                .scalingActivities().get(0).cause()).contains("target tracking policy tight (scale in)");

        aas.deleteScalingPolicy(b -> b.policyName("tight").serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES));
        assertThat(aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource))
                .scalingPolicies()).extracting(ScalingPolicy::policyName).containsExactly("loose");
        assertThatThrownBy(() -> aas.deleteScalingPolicy(b -> b.policyName("tight").serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES))).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aScheduledActionSetsTheBoundsWhenTheSuiteClockReachesIt() throws Exception {
        String table = provisionedTable();
        String resource = "table/" + table;
        aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES).minCapacity(1).maxCapacity(50));
        SuiteClock clock = DynamoDbTestService.bean(SuiteClock.class);
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(clock.now().plus(Duration.ofHours(1)));
        aas.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource).scalableDimension(WRITES)
                .scheduledActionName("morning").schedule("at(" + at + ")").scalableTargetAction(a -> a.minCapacity(20).maxCapacity(40)));
        ScheduledAction listed = aas.describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource)).scheduledActions().get(0);
        assertThat(listed.schedule()).isEqualTo("at(" + at + ")");
        assertThat(listed.scalableTargetAction().minCapacity()).isEqualTo(20);
        assertThat(throughput(table).writeCapacityUnits()).isEqualTo(1L);

        clock.advance(Duration.ofHours(2)); // the scaler runs on the advance: the action's bounds, then the capacity
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (throughput(table).writeCapacityUnits() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(throughput(table).writeCapacityUnits()).isEqualTo(20L);
        ScalableTarget target = aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceIds(resource)).scalableTargets().get(0);
        assertThat(target.minCapacity()).isEqualTo(20);
        assertThat(target.maxCapacity()).isEqualTo(40);
        assertThat(aas.describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource))
                .scalingActivities()).extracting(ScalingActivity::cause)
                .contains("scheduled action name morning was triggered");

        aas.deleteScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES).scheduledActionName("morning"));
        assertThatThrownBy(() -> aas.deleteScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).scheduledActionName("morning")))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void requestsAreValidatedAsAwsDoes() {
        String table = provisionedTable();
        String resource = "table/" + table;
        assertThatThrownBy(() -> aas.putScalingPolicy(b -> b.policyName("p").serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0).predefinedMetricSpecification(
                        m -> m.predefinedMetricType(MetricType.DYNAMO_DB_WRITE_CAPACITY_UTILIZATION)))))
                .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("No scalable target registered");
        assertThatThrownBy(() -> aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension("dynamodb:index:WriteCapacityUnits").minCapacity(1).maxCapacity(5)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).minCapacity(10).maxCapacity(5)))
                .isInstanceOf(ValidationException.class);
        aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES).minCapacity(1).maxCapacity(5));
        assertThatThrownBy(() -> aas.putScalingPolicy(b -> b.policyName("p").serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).policyType(PolicyType.STEP_SCALING)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("StepScaling");
        assertThatThrownBy(() -> aas.putScalingPolicy(b -> b.policyName("p").serviceNamespace(ServiceNamespace.DYNAMODB)
                .resourceId(resource).scalableDimension(WRITES).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(50.0).predefinedMetricSpecification(
                        m -> m.predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION)))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("DynamoDBWriteCapacityUtilization");
        assertThatThrownBy(() -> aas.putScheduledAction(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resource)
                .scalableDimension(WRITES).scheduledActionName("bad").schedule("every day")
                .scalableTargetAction(a -> a.minCapacity(2)))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.DYNAMODB).nextToken("x")))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> aas.listTagsForResource(b -> b.resourceARN(
                "arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/0000")))
                .isInstanceOf(software.amazon.awssdk.services.applicationautoscaling.model.ResourceNotFoundException.class);
    }
}
