package dev.overcast.dynamodb.autoscaling;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.applicationautoscaling.model.*;

/**
 * Application Auto Scaling (AnyScaleFrontendService) for DynamoDB's provisioned capacity: scalable targets (a table's
 * or GSI's read or write capacity units, ResourceId {@code table/<name>} or {@code table/<name>/index/<index>}), their
 * target-tracking policies, scheduled actions and tags, and the scaling activities; carried out by {@link AutoScaler},
 * the engine UpdateTableReplicaAutoScaling configures too (a target registered either way shows in both APIs). A
 * target may have several target-tracking policies (up to 50), all in force: the one giving the most capacity wins.
 * No CloudWatch alarms exist in the suite: a policy lists none.
 */
@AwsApi(api = "application-autoscaling")
public class ApplicationAutoScalingApi {

    private static final Pattern RESOURCE = Pattern.compile("table/([a-zA-Z0-9_.-]{3,255})(?:/index/([a-zA-Z0-9_.-]{3,255}))?");
    private static final String NAMESPACE = "dynamodb";
    /** Application Auto Scaling's limit of scaling policies per scalable target. */
    private static final int MAX_POLICIES = 50;

    private final TableStore tables;
    private final ScalingStore settings;
    private final TargetStore targets;
    private final AutoScaler scaler;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public ApplicationAutoScalingApi(TableStore tables, ScalingStore settings, TargetStore targets, AutoScaler scaler,
                                     TransactionTemplate tx, SuiteClock clock) {
        this.tables = tables;
        this.settings = settings;
        this.targets = targets;
        this.scaler = scaler;
        this.tx = tx;
        this.clock = clock;
    }

    /** A scalable target as named in a request: the table, the index ("" for the table) and the dimension (R or W). */
    private record Ref(TableDef table, String index, String dimension) {
        boolean is(ScalingSetting s) {
            return s.tableId() == table.id() && s.index().equals(index) && s.dimension().equals(dimension);
        }
    }

    private static AwsException validation(String message) {
        return DynamoDbErrors.validation(message);
    }

    private static AwsException notFound(String message) {
        return new AwsException("ObjectNotFoundException", 400, message);
    }

    private static void requireDynamoDb(ServiceNamespace namespace) {
        if (namespace != ServiceNamespace.DYNAMODB) {
            throw validation("Unsupported service namespace: " + namespace + " (this endpoint scales DynamoDB tables and indexes)");
        }
    }

    private static String dimensionName(String index, String dimension) {
        return "dynamodb:" + (index.isEmpty() ? "table" : "index") + ":" + (dimension.equals("R") ? "Read" : "Write") + "CapacityUnits";
    }

    private static String resourceId(String table, String index) {
        return "table/" + table + (index.isEmpty() ? "" : "/index/" + index);
    }

    private Ref ref(RequestContext ctx, ServiceNamespace namespace, String resourceId, String scalableDimension) {
        requireDynamoDb(namespace);
        Matcher m = RESOURCE.matcher(resourceId == null ? "" : resourceId);
        if (!m.matches()) {
            throw validation("Unsupported resource ID: " + resourceId);
        }
        String index = m.group(2) == null ? "" : m.group(2);
        String dimension = "R";
        if (!dimensionName(index, "R").equals(scalableDimension)) {
            dimension = "W";
            if (!dimensionName(index, "W").equals(scalableDimension)) {
                throw validation("Unsupported scalable dimension: " + scalableDimension + " for resource ID: " + resourceId);
            }
        }
        TableDef t = tables.find(ctx, m.group(1)).orElseThrow(() -> validation("DynamoDB table not found: " + m.group(1)));
        if (!index.isEmpty() && t.description().globalSecondaryIndexes().stream().noneMatch(g -> g.indexName().equals(index))) {
            throw validation("DynamoDB global secondary index not found: " + index + " of table " + t.name());
        }
        return new Ref(t, index, dimension);
    }

    private static AwsException noTarget(Ref ref) {
        return notFound("No scalable target registered for service namespace: dynamodb, resource ID: "
                + resourceId(ref.table().name(), ref.index()) + ", scalable dimension: " + dimensionName(ref.index(), ref.dimension()));
    }

    private ScalingSetting registered(Ref ref) {
        return settings.of(ref.table().id()).stream().filter(ref::is).findFirst().orElseThrow(() -> noTarget(ref));
    }

    private static String id(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("/", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String targetArn(TargetStore.Target t) {
        ScalingSetting s = t.setting();
        return "arn:aws:application-autoscaling:" + t.region() + ":" + t.account() + ":scalable-target/"
                + id(Long.toString(s.tableId()), s.index(), s.dimension(), t.createdAt().toString()).replace("-", "");
    }

    // ---- scalable targets

    public RegisterScalableTargetResponse registerScalableTarget(RequestContext ctx, RegisterScalableTargetRequest r) {
        Ref ref = ref(ctx, r.serviceNamespace(), r.resourceId(), r.scalableDimensionAsString());
        if (r.suspendedState() != null && (Boolean.TRUE.equals(r.suspendedState().dynamicScalingInSuspended())
                || Boolean.TRUE.equals(r.suspendedState().dynamicScalingOutSuspended())
                || Boolean.TRUE.equals(r.suspendedState().scheduledScalingSuspended()))) {
            throw validation("SuspendedState is not supported by this endpoint: deregister the target to stop its scaling");
        }
        var billing = ref.table().description().billingModeSummary();
        if (billing != null && billing.billingMode() == software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST) {
            throw validation("Auto scaling cannot be configured for a table in PAY_PER_REQUEST billing mode: " + ref.table().name());
        }
        ScalingSetting old = settings.of(ref.table().id()).stream().filter(ref::is).findFirst().orElse(null);
        Long min = r.minCapacity() == null ? null : r.minCapacity().longValue();
        Long max = r.maxCapacity() == null ? null : r.maxCapacity().longValue();
        long effectiveMin = min != null ? min : old != null ? old.min() : -1;
        long effectiveMax = max != null ? max : old != null ? old.max() : -1;
        if (old == null && (min == null || max == null)) {
            throw validation("MinCapacity and MaxCapacity are required when registering a new scalable target");
        }
        if (effectiveMin < 1 || effectiveMin > effectiveMax) {
            throw validation("Minimum capacity cannot be larger than maximum capacity, and must be at least 1");
        }
        String role = r.roleARN() != null ? r.roleARN() : "arn:aws:iam::" + ref.table().account()
                + ":role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";
        tx.executeWithoutResult(s -> {
            targets.register(ref.table().id(), ref.index(), ref.dimension(), min, max, role, clock.now());
            if (r.hasTags() && !r.tags().isEmpty()) {
                Map<String, String> tags = new LinkedHashMap<>(find(ctx, ref).tags());
                tags.putAll(r.tags());
                targets.setTags(ref.table().id(), ref.index(), ref.dimension(), tags);
            }
        });
        scaler.refreshMetered();
        return RegisterScalableTargetResponse.builder().scalableTargetARN(targetArn(find(ctx, ref))).build();
    }

    private TargetStore.Target find(RequestContext ctx, Ref ref) {
        return targets.targets(ctx.account(), ctx.region()).stream().filter(t -> ref.is(t.setting())).findFirst()
                .orElseThrow(() -> noTarget(ref));
    }

    public DescribeScalableTargetsResponse describeScalableTargets(RequestContext ctx, DescribeScalableTargetsRequest r) {
        List<ScalableTarget> all = r.serviceNamespace() != ServiceNamespace.DYNAMODB ? List.of()
                : targets.targets(ctx.account(), ctx.region()).stream()
                .filter(matches(r.hasResourceIds() ? r.resourceIds() : null, r.scalableDimensionAsString()))
                .map(ApplicationAutoScalingApi::target).toList();
        Page<ScalableTarget> page = Page.of(all, r.maxResults(), r.nextToken());
        return DescribeScalableTargetsResponse.builder().scalableTargets(page.items()).nextToken(page.next()).build();
    }

    private static Predicate<TargetStore.Target> matches(List<String> resourceIds, String dimension) {
        return t -> (resourceIds == null || resourceIds.isEmpty()
                || resourceIds.contains(resourceId(t.tableName(), t.setting().index())))
                && (dimension == null || dimension.equals(dimensionName(t.setting().index(), t.setting().dimension())));
    }

    private static ScalableTarget target(TargetStore.Target t) {
        ScalingSetting s = t.setting();
        return ScalableTarget.builder().serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId(t.tableName(), s.index()))
                .scalableDimension(dimensionName(s.index(), s.dimension())).minCapacity((int) s.min()).maxCapacity((int) s.max())
                .roleARN(s.roleArn()).creationTime(t.createdAt()).scalableTargetARN(targetArn(t))
                .suspendedState(SuspendedState.builder().dynamicScalingInSuspended(false).dynamicScalingOutSuspended(false)
                        .scheduledScalingSuspended(false).build())
                .build();
    }

    public DeregisterScalableTargetResponse deregisterScalableTarget(RequestContext ctx, DeregisterScalableTargetRequest r) {
        Ref ref = ref(ctx, r.serviceNamespace(), r.resourceId(), r.scalableDimensionAsString());
        registered(ref);
        tx.executeWithoutResult(s -> targets.deregister(ref.table().id(), ref.index(), ref.dimension()));
        scaler.refreshMetered();
        return DeregisterScalableTargetResponse.builder().build();
    }

    // ---- scaling policies

    public PutScalingPolicyResponse putScalingPolicy(RequestContext ctx, PutScalingPolicyRequest r) {
        Ref ref = ref(ctx, r.serviceNamespace(), r.resourceId(), r.scalableDimensionAsString());
        if (r.policyType() != PolicyType.TARGET_TRACKING_SCALING) {
            throw validation("Unsupported policy type " + (r.policyType() == null ? "StepScaling" : r.policyTypeAsString())
                    + " for service namespace dynamodb: only TargetTrackingScaling policies scale DynamoDB");
        }
        TargetTrackingScalingPolicyConfiguration c = r.targetTrackingScalingPolicyConfiguration();
        if (c == null || c.targetValue() == null) {
            throw validation("TargetTrackingScalingPolicyConfiguration with a TargetValue is required for a TargetTrackingScaling policy");
        }
        String metric = "DynamoDB" + (ref.dimension().equals("R") ? "Read" : "Write") + "CapacityUtilization";
        if (c.predefinedMetricSpecification() == null || !metric.equals(c.predefinedMetricSpecification().predefinedMetricTypeAsString())) {
            throw validation("The predefined metric of a policy for " + dimensionName(ref.index(), ref.dimension())
                    + " must be " + metric + " (customized CloudWatch metrics are not available in the suite)");
        }
        if (c.targetValue() < 20 || c.targetValue() > 90) {
            throw validation("TargetValue must be between 20 and 90, got " + c.targetValue());
        }
        ScalingSetting old = registered(ref);
        if (old.policy(r.policyName()) == null && old.policies().size() >= MAX_POLICIES) {
            throw new AwsException("LimitExceededException", 400, "The scalable target " + resourceId(ref.table().name(),
                    ref.index()) + " already has " + MAX_POLICIES + " scaling policies, the most it may have");
        }
        // a policy of another name is one more in force: the scaler follows the one that gives the most capacity
        tx.executeWithoutResult(s -> settings.putPolicy(old, new ScalingSetting.Policy(r.policyName(), c.targetValue(),
                c.scaleInCooldown(), c.scaleOutCooldown(), Boolean.TRUE.equals(c.disableScaleIn()), null), clock.now()));
        scaler.refreshMetered();
        return PutScalingPolicyResponse.builder().policyARN(policyArn(find(ctx, ref), r.policyName())).alarms(List.of()).build();
    }

    private static String policyArn(TargetStore.Target t, String name) {
        ScalingSetting s = t.setting();
        return "arn:aws:autoscaling:" + t.region() + ":" + t.account() + ":scalingPolicy:"
                + id(Long.toString(s.tableId()), s.index(), s.dimension(), name) + ":resource/dynamodb/"
                + resourceId(t.tableName(), s.index()) + ":policyName/" + name;
    }

    public DescribeScalingPoliciesResponse describeScalingPolicies(RequestContext ctx, DescribeScalingPoliciesRequest r) {
        List<ScalingPolicy> all = r.serviceNamespace() != ServiceNamespace.DYNAMODB ? List.of()
                : targets.targets(ctx.account(), ctx.region()).stream()
                .filter(matches(r.resourceId() == null ? null : List.of(r.resourceId()), r.scalableDimensionAsString()))
                .flatMap(t -> t.setting().policies().stream().map(p -> policy(t, p)))
                .filter(p -> !r.hasPolicyNames() || r.policyNames().isEmpty() || r.policyNames().contains(p.policyName()))
                .toList();
        Page<ScalingPolicy> page = Page.of(all, r.maxResults(), r.nextToken());
        return DescribeScalingPoliciesResponse.builder().scalingPolicies(page.items()).nextToken(page.next()).build();
    }

    private static ScalingPolicy policy(TargetStore.Target t, ScalingSetting.Policy p) {
        ScalingSetting s = t.setting();
        String metric = "DynamoDB" + (s.dimension().equals("R") ? "Read" : "Write") + "CapacityUtilization";
        return ScalingPolicy.builder().policyARN(policyArn(t, p.name())).policyName(p.name())
                .serviceNamespace(ServiceNamespace.DYNAMODB).resourceId(resourceId(t.tableName(), s.index()))
                .scalableDimension(dimensionName(s.index(), s.dimension())).policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(TargetTrackingScalingPolicyConfiguration.builder()
                        .targetValue(p.target()).predefinedMetricSpecification(m -> m.predefinedMetricType(metric))
                        .scaleInCooldown(p.scaleInCooldown()).scaleOutCooldown(p.scaleOutCooldown())
                        .disableScaleIn(p.disableScaleIn()).build())
                .alarms(List.of()).creationTime(p.createdAt()).build();
    }

    public DeleteScalingPolicyResponse deleteScalingPolicy(RequestContext ctx, DeleteScalingPolicyRequest r) {
        Ref ref = ref(ctx, r.serviceNamespace(), r.resourceId(), r.scalableDimensionAsString());
        boolean deleted = Boolean.TRUE.equals(tx.execute(x -> settings.deletePolicy(ref.table().id(), ref.index(),
                ref.dimension(), r.policyName())));
        if (!deleted) {
            throw notFound("No scaling policy found for service namespace: dynamodb, resource ID: "
                    + resourceId(ref.table().name(), ref.index()) + ", scalable dimension: "
                    + dimensionName(ref.index(), ref.dimension()) + ", policy name: " + r.policyName());
        }
        return DeleteScalingPolicyResponse.builder().build();
    }

    // ---- scaling activities

    public DescribeScalingActivitiesResponse describeScalingActivities(RequestContext ctx, DescribeScalingActivitiesRequest r) {
        List<ScalingActivity> all = r.serviceNamespace() != ServiceNamespace.DYNAMODB ? List.of()
                : targets.activities(ctx.account(), ctx.region()).stream()
                .filter(a -> r.resourceId() == null || r.resourceId().equals(resourceId(a.tableName(), a.index())))
                .filter(a -> r.scalableDimension() == null || r.scalableDimensionAsString().equals(dimensionName(a.index(), a.dimension())))
                .map(a -> ScalingActivity.builder().activityId(a.id()).serviceNamespace(ServiceNamespace.DYNAMODB)
                        .resourceId(resourceId(a.tableName(), a.index())).scalableDimension(dimensionName(a.index(), a.dimension()))
                        .description(a.description()).cause(a.cause()).startTime(a.startedAt()).endTime(a.endedAt())
                        .statusCode(ScalingActivityStatusCode.SUCCESSFUL).statusMessage("Successfully " + lower(a.description()))
                        .build())
                .toList();
        Page<ScalingActivity> page = Page.of(all, r.maxResults(), r.nextToken());
        return DescribeScalingActivitiesResponse.builder().scalingActivities(page.items()).nextToken(page.next()).build();
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    // ---- scheduled actions

    public PutScheduledActionResponse putScheduledAction(RequestContext ctx, PutScheduledActionRequest r) {
        Ref ref = ref(ctx, r.serviceNamespace(), r.resourceId(), r.scalableDimensionAsString());
        registered(ref);
        TargetStore.ScheduledAction old = targets.scheduledActions(ctx.account(), ctx.region()).stream()
                .filter(a -> a.tableId() == ref.table().id() && a.index().equals(ref.index())
                        && a.dimension().equals(ref.dimension()) && a.name().equals(r.scheduledActionName()))
                .findFirst().orElse(null);
        String schedule = r.schedule() != null ? r.schedule() : old != null ? old.schedule() : null;
        if (schedule == null) {
            throw validation("Schedule is required when creating a scheduled action");
        }
        String zone = r.timezone() != null ? r.timezone() : old != null ? old.timezone() : null;
        Schedule parsed = Schedule.parse(schedule, zone);
        ScalableTargetAction action = r.scalableTargetAction();
        Long min = action != null && action.minCapacity() != null ? Long.valueOf(action.minCapacity()) : old != null ? old.minCapacity() : null;
        Long max = action != null && action.maxCapacity() != null ? Long.valueOf(action.maxCapacity()) : old != null ? old.maxCapacity() : null;
        if (min == null && max == null) {
            throw validation("ScalableTargetAction must set MinCapacity or MaxCapacity");
        }
        if (min != null && max != null && min > max) {
            throw validation("Minimum capacity cannot be larger than maximum capacity");
        }
        Instant now = clock.now();
        Instant created = old != null ? old.createdAt() : now;
        Instant next = parsed.next(now, r.startTime(), created);
        if (next != null && r.endTime() != null && next.isAfter(r.endTime())) {
            next = null;
        }
        TargetStore.ScheduledAction a = new TargetStore.ScheduledAction(ctx.account(), ctx.region(), ref.table().name(),
                ref.table().id(), ref.index(), ref.dimension(), r.scheduledActionName(), schedule, zone, r.startTime(),
                r.endTime(), min, max, created, next);
        tx.executeWithoutResult(s -> targets.putScheduledAction(a));
        return PutScheduledActionResponse.builder().build();
    }

    public DescribeScheduledActionsResponse describeScheduledActions(RequestContext ctx, DescribeScheduledActionsRequest r) {
        List<ScheduledAction> all = r.serviceNamespace() != ServiceNamespace.DYNAMODB ? List.of()
                : targets.scheduledActions(ctx.account(), ctx.region()).stream()
                .filter(a -> r.resourceId() == null || r.resourceId().equals(resourceId(a.tableName(), a.index())))
                .filter(a -> r.scalableDimension() == null || r.scalableDimensionAsString().equals(dimensionName(a.index(), a.dimension())))
                .filter(a -> !r.hasScheduledActionNames() || r.scheduledActionNames().isEmpty()
                        || r.scheduledActionNames().contains(a.name()))
                .map(a -> ScheduledAction.builder().scheduledActionName(a.name())
                        .scheduledActionARN("arn:aws:autoscaling:" + a.region() + ":" + a.account() + ":scheduledAction:"
                                + id(Long.toString(a.tableId()), a.index(), a.dimension(), a.name()) + ":resource/dynamodb/"
                                + resourceId(a.tableName(), a.index()) + ":scheduledActionName/" + a.name())
                        .serviceNamespace(ServiceNamespace.DYNAMODB).schedule(a.schedule()).timezone(a.timezone())
                        .resourceId(resourceId(a.tableName(), a.index())).scalableDimension(dimensionName(a.index(), a.dimension()))
                        .startTime(a.startTime()).endTime(a.endTime()).creationTime(a.createdAt())
                        .scalableTargetAction(t -> t.minCapacity(a.minCapacity() == null ? null : a.minCapacity().intValue())
                                .maxCapacity(a.maxCapacity() == null ? null : a.maxCapacity().intValue()))
                        .build())
                .toList();
        Page<ScheduledAction> page = Page.of(all, r.maxResults(), r.nextToken());
        return DescribeScheduledActionsResponse.builder().scheduledActions(page.items()).nextToken(page.next()).build();
    }

    public DeleteScheduledActionResponse deleteScheduledAction(RequestContext ctx, DeleteScheduledActionRequest r) {
        Ref ref = ref(ctx, r.serviceNamespace(), r.resourceId(), r.scalableDimensionAsString());
        boolean deleted = Boolean.TRUE.equals(tx.execute(s -> targets.deleteScheduledAction(ref.table().id(), ref.index(),
                ref.dimension(), r.scheduledActionName())));
        if (!deleted) {
            throw notFound("No scheduled action found for service namespace: dynamodb, resource ID: "
                    + resourceId(ref.table().name(), ref.index()) + ", scalable dimension: "
                    + dimensionName(ref.index(), ref.dimension()) + ", scheduled action name: " + r.scheduledActionName());
        }
        return DeleteScheduledActionResponse.builder().build();
    }

    // ---- tags of scalable targets

    private TargetStore.Target byArn(RequestContext ctx, String arn) {
        return targets.targets(ctx.account(), ctx.region()).stream().filter(t -> targetArn(t).equals(arn)).findFirst()
                .orElseThrow(() -> new AwsException("ResourceNotFoundException", 400, "Resource not found: " + arn)
                        .with("ResourceName", arn));
    }

    public TagResourceResponse tagResource(RequestContext ctx, TagResourceRequest r) {
        TargetStore.Target t = byArn(ctx, r.resourceARN());
        Map<String, String> tags = new LinkedHashMap<>(t.tags());
        tags.putAll(r.tags());
        if (tags.size() > 50) {
            throw new AwsException("TooManyTagsException", 400, "A scalable target can have at most 50 tags")
                    .with("ResourceName", r.resourceARN());
        }
        ScalingSetting s = t.setting();
        tx.executeWithoutResult(x -> targets.setTags(s.tableId(), s.index(), s.dimension(), tags));
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest r) {
        TargetStore.Target t = byArn(ctx, r.resourceARN());
        Map<String, String> tags = new LinkedHashMap<>(t.tags());
        r.tagKeys().forEach(tags::remove);
        ScalingSetting s = t.setting();
        tx.executeWithoutResult(x -> targets.setTags(s.tableId(), s.index(), s.dimension(), tags));
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest r) {
        return ListTagsForResourceResponse.builder().tags(byArn(ctx, r.resourceARN()).tags()).build();
    }

    /** One page of a Describe answer: MaxResults (1 to 50, 50 by default) from the position NextToken holds. */
    private record Page<T>(List<T> items, String next) {
        static <T> Page<T> of(List<T> all, Integer maxResults, String nextToken) {
            int size = maxResults == null ? 50 : maxResults;
            int from;
            try {
                from = nextToken == null ? 0 : Integer.parseInt(nextToken);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > all.size()) {
                throw new AwsException("InvalidNextTokenException", 400, "Invalid token: " + nextToken);
            }
            int to = Math.min(all.size(), from + size);
            return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
        }
    }
}
