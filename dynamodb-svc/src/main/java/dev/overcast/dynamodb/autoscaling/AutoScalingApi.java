package dev.overcast.dynamodb.autoscaling;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * UpdateTableReplicaAutoScaling and DescribeTableReplicaAutoScaling: the auto scaling of a (global) table's provisioned
 * capacity in every replica region: write capacity of the table and of each GSI (the same everywhere), read capacity
 * per replica and GSI; bounds and a target-tracking policy, carried out by {@link AutoScaler}.
 */
@AwsApi(api = "dynamodb")
public class AutoScalingApi {

    private final TableStore tables;
    private final ScalingStore store;
    private final AutoScaler scaler;
    private final TransactionTemplate tx;
    private final dev.overcast.common.time.SuiteClock clock;

    public AutoScalingApi(TableStore tables, ScalingStore store, AutoScaler scaler, TransactionTemplate tx,
                          dev.overcast.common.time.SuiteClock clock) {
        this.tables = tables;
        this.store = store;
        this.scaler = scaler;
        this.tx = tx;
        this.clock = clock;
    }

    private TableDef table(RequestContext ctx, String name) {
        return tables.find(ctx, name).orElseThrow(() -> DynamoDbErrors.tableNotFound(name));
    }

    /** The table and its replicas, by region. */
    private List<TableDef> replicas(TableDef t) {
        TreeSet<String> regions = new TreeSet<>();
        regions.add(t.region());
        if (t.replicated()) {
            t.description().replicas().forEach(r -> regions.add(r.regionName()));
        }
        List<TableDef> out = new ArrayList<>();
        regions.forEach(region -> (region.equals(t.region()) ? Optional.of(t) : tables.find(t.account(), region, t.name()))
                .ifPresent(out::add));
        return out;
    }

    public UpdateTableReplicaAutoScalingResponse updateTableReplicaAutoScaling(RequestContext ctx, UpdateTableReplicaAutoScalingRequest r) {
        TableDef t = table(ctx, r.tableName());
        if (t.description().billingModeSummary() != null && t.description().billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST) {
            throw DynamoDbErrors.validation("Auto scaling cannot be configured for a table in PAY_PER_REQUEST billing mode: " + t.name());
        }
        List<TableDef> all = replicas(t);
        tx.executeWithoutResult(s -> {
            for (TableDef replica : all) {
                if (r.provisionedWriteCapacityAutoScalingUpdate() != null) {
                    put(replica, "", "W", r.provisionedWriteCapacityAutoScalingUpdate());
                }
                for (GlobalSecondaryIndexAutoScalingUpdate g : r.globalSecondaryIndexUpdates()) {
                    index(replica, g.indexName());
                    if (g.provisionedWriteCapacityAutoScalingUpdate() != null) {
                        put(replica, g.indexName(), "W", g.provisionedWriteCapacityAutoScalingUpdate());
                    }
                }
            }
            for (ReplicaAutoScalingUpdate u : r.replicaUpdates()) {
                TableDef replica = all.stream().filter(x -> x.region().equals(u.regionName())).findFirst()
                        .orElseThrow(() -> DynamoDbErrors.validation("One or more parameter values were invalid: no replica of "
                                + t.name() + " in region " + u.regionName()));
                if (u.replicaProvisionedReadCapacityAutoScalingUpdate() != null) {
                    put(replica, "", "R", u.replicaProvisionedReadCapacityAutoScalingUpdate());
                }
                for (ReplicaGlobalSecondaryIndexAutoScalingUpdate g : u.replicaGlobalSecondaryIndexUpdates()) {
                    index(replica, g.indexName());
                    if (g.provisionedReadCapacityAutoScalingUpdate() != null) {
                        put(replica, g.indexName(), "R", g.provisionedReadCapacityAutoScalingUpdate());
                    }
                }
            }
        });
        scaler.refreshMetered();
        return UpdateTableReplicaAutoScalingResponse.builder().tableAutoScalingDescription(describe(t)).build();
    }

    private static void index(TableDef t, String name) {
        if (t.description().globalSecondaryIndexes().stream().noneMatch(g -> g.indexName().equals(name))) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: Requested resource not found: Index: "
                    + name + " not found in table " + t.name());
        }
    }

    /** Stores a dimension's settings, the update's values over the current ones. */
    private void put(TableDef t, String index, String dimension, AutoScalingSettingsUpdate u) {
        ScalingSetting old = store.of(t.id()).stream().filter(x -> x.index().equals(index) && x.dimension().equals(dimension))
                .findFirst().orElse(null);
        long min = u.minimumUnits() != null ? u.minimumUnits() : old != null ? old.min() : 1;
        long max = u.maximumUnits() != null ? u.maximumUnits() : old != null ? old.max() : 0;
        if (max <= 0 || min < 1 || min > max) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: MinimumUnits (" + min
                    + ") must be at least 1 and no more than MaximumUnits (" + max + ")");
        }
        AutoScalingPolicyUpdate p = u.scalingPolicyUpdate();
        AutoScalingTargetTrackingScalingPolicyConfigurationUpdate c = p == null ? null : p.targetTrackingScalingPolicyConfiguration();
        if (c != null && (c.targetValue() < 20 || c.targetValue() > 90)) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: TargetValue must be between 20 and 90, got "
                    + c.targetValue());
        }
        ScalingSetting setting = new ScalingSetting(t.id(), index, dimension, min, max,
                u.autoScalingDisabled() != null ? u.autoScalingDisabled() : old != null && old.disabled(),
                u.autoScalingRoleArn() != null ? u.autoScalingRoleArn() : old != null ? old.roleArn()
                        : "arn:aws:iam::" + t.account() + ":role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
                List.of(), null, null);
        store.put(setting);
        if (c != null) {
            // the policy of that name (DynamoDB's default name when none is given), the others of the target kept
            String name = p.policyName() != null ? p.policyName()
                    : "DynamoDB" + (dimension.equals("R") ? "Read" : "Write") + "CapacityUtilization:table/" + t.name();
            store.putPolicy(setting, new ScalingSetting.Policy(name, c.targetValue(), c.scaleInCooldown(),
                    c.scaleOutCooldown(), Boolean.TRUE.equals(c.disableScaleIn()), null), clock.now());
        }
    }

    public DescribeTableReplicaAutoScalingResponse describeTableReplicaAutoScaling(RequestContext ctx, DescribeTableReplicaAutoScalingRequest r) {
        return DescribeTableReplicaAutoScalingResponse.builder().tableAutoScalingDescription(describe(table(ctx, r.tableName()))).build();
    }

    private TableAutoScalingDescription describe(TableDef t) {
        List<ReplicaAutoScalingDescription> replicas = new ArrayList<>();
        for (TableDef replica : replicas(t)) {
            List<ScalingSetting> settings = store.of(replica.id());
            replicas.add(ReplicaAutoScalingDescription.builder().regionName(replica.region()).replicaStatus(ReplicaStatus.ACTIVE)
                    .replicaProvisionedReadCapacityAutoScalingSettings(settings(settings, "", "R"))
                    .replicaProvisionedWriteCapacityAutoScalingSettings(settings(settings, "", "W"))
                    .globalSecondaryIndexes(replica.description().globalSecondaryIndexes().stream()
                            .map(g -> ReplicaGlobalSecondaryIndexAutoScalingDescription.builder().indexName(g.indexName())
                                    .indexStatus(IndexStatus.ACTIVE)
                                    .provisionedReadCapacityAutoScalingSettings(settings(settings, g.indexName(), "R"))
                                    .provisionedWriteCapacityAutoScalingSettings(settings(settings, g.indexName(), "W")).build())
                            .toList())
                    .build());
        }
        return TableAutoScalingDescription.builder().tableName(t.name()).tableStatus(TableStatus.ACTIVE).replicas(replicas).build();
    }

    private static AutoScalingSettingsDescription settings(List<ScalingSetting> all, String index, String dimension) {
        ScalingSetting s = all.stream().filter(x -> x.index().equals(index) && x.dimension().equals(dimension)).findFirst().orElse(null);
        if (s == null) {
            return null;
        }
        AutoScalingSettingsDescription.Builder b = AutoScalingSettingsDescription.builder().minimumUnits(s.min())
                .maximumUnits(s.max()).autoScalingDisabled(s.disabled()).autoScalingRoleArn(s.roleArn());
        if (!s.policies().isEmpty()) {
            b.scalingPolicies(s.policies().stream().map(p -> AutoScalingPolicyDescription.builder().policyName(p.name())
                    .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(p.target()).disableScaleIn(p.disableScaleIn())
                            .scaleInCooldown(p.scaleInCooldown()).scaleOutCooldown(p.scaleOutCooldown())).build()).toList());
        }
        return b.build();
    }
}
