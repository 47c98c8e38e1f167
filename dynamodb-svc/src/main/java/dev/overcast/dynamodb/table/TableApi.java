package dev.overcast.dynamodb.table;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.schema.TableDef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/** Table lifecycle: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable, tags, endpoints, limits. */
@AwsApi(api = "dynamodb")
public class TableApi {

    private static final DateTimeFormatter STREAM_LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final TableStore tables;
    private final IndexStore indexes;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration statusDelay;

    private final org.springframework.beans.factory.ObjectProvider<ReplicaUpdates> replicaUpdates;

    public TableApi(TableStore tables, IndexStore indexes, ApplicationEventPublisher events, TransactionTemplate tx,
                    @Value("${overcast.dynamodb.status-delay:300ms}") Duration statusDelay,
                    org.springframework.beans.factory.ObjectProvider<ReplicaUpdates> replicaUpdates) {
        this.replicaUpdates = replicaUpdates;
        this.tables = tables;
        this.indexes = indexes;
        this.events = events;
        this.tx = tx;
        this.statusDelay = statusDelay;
    }

    public CreateTableResponse createTable(RequestContext ctx, CreateTableRequest r) {
        boolean provisioned = r.billingMode() != BillingMode.PAY_PER_REQUEST; // its values: the model's constraint
        TableValidation.createTable(r, provisioned);
        if (provisioned) {
            if (r.provisionedThroughput() == null) {
                throw DynamoDbErrors.validation("No provisioned throughput specified for the table");
            }
        } else if (r.provisionedThroughput() != null) {
            throw DynamoDbErrors.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        StreamSpecification stream = checkStream(r.streamSpecification());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String arn = "arn:aws:dynamodb:" + ctx.region() + ":" + ctx.account() + ":table/" + r.tableName();
        TableDescription.Builder d = TableDescription.builder()
                .tableName(r.tableName())
                .tableId(UUID.randomUUID().toString())
                .tableArn(arn)
                .attributeDefinitions(r.attributeDefinitions())
                .keySchema(r.keySchema())
                .tableStatus(TableStatus.CREATING)
                .creationDateTime(now)
                .provisionedThroughput(throughputDescription(provisioned ? r.provisionedThroughput() : null))
                .tableSizeBytes(0L)
                .itemCount(0L)
                .deletionProtectionEnabled(Boolean.TRUE.equals(r.deletionProtectionEnabled()));
        if (!provisioned) {
            d.billingModeSummary(BillingModeSummary.builder().billingMode(BillingMode.PAY_PER_REQUEST)
                    .lastUpdateToPayPerRequestDateTime(now).build());
        }
        if (r.tableClass() != null) {
            d.tableClassSummary(TableClassSummary.builder().tableClass(r.tableClass()).build());
        }
        d.sseDescription(sseDescription(ctx, r.sseSpecification()));
        Throughputs.onCreate(d, r);
        if (r.hasLocalSecondaryIndexes()) {
            d.localSecondaryIndexes(r.localSecondaryIndexes().stream().map(i -> LocalSecondaryIndexDescription.builder()
                    .indexName(i.indexName()).keySchema(i.keySchema()).projection(i.projection())
                    .indexArn(arn + "/index/" + i.indexName()).indexSizeBytes(0L).itemCount(0L).build()).toList());
        }
        if (r.hasGlobalSecondaryIndexes()) {
            d.globalSecondaryIndexes(r.globalSecondaryIndexes().stream().map(i -> gsiDescription(arn, i, provisioned)).toList());
        }
        if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
            String label = STREAM_LABEL.format(now);
            d.streamSpecification(stream).latestStreamLabel(label).latestStreamArn(arn + "/stream/" + label);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (r.hasTags()) {
            checkTags(r.tags());
            r.tags().forEach(t -> tags.put(t.key(), t.value()));
        }
        TableDescription description = d.build();
        if (tables.insert(ctx.account(), ctx.region(), r.tableName(), description, tags, now.plus(statusDelay)).isEmpty()) {
            throw DynamoDbErrors.resourceInUse("Table already exists: " + r.tableName());
        }
        return CreateTableResponse.builder().tableDescription(description).build();
    }

    static GlobalSecondaryIndexDescription gsiDescription(String tableArn, GlobalSecondaryIndex i, boolean provisioned) {
        return Throughputs.onCreate(GlobalSecondaryIndexDescription.builder(), i)
                .indexName(i.indexName()).keySchema(i.keySchema()).projection(i.projection())
                .indexStatus(IndexStatus.CREATING).indexArn(tableArn + "/index/" + i.indexName())
                .provisionedThroughput(throughputDescription(provisioned ? i.provisionedThroughput() : null))
                .indexSizeBytes(0L).itemCount(0L).build();
    }

    /** The SSEDescription of a table created (or restored) with this SSESpecification; null for the default encryption. */
    static SSEDescription sseDescription(RequestContext ctx, SSESpecification sse) {
        if (sse == null || !Boolean.TRUE.equals(sse.enabled())) {
            return null;
        }
        return SSEDescription.builder().status(SSEStatus.ENABLED).sseType(SSEType.KMS)
                .kmsMasterKeyArn(sse.kmsMasterKeyId() != null ? sse.kmsMasterKeyId()
                        : "arn:aws:kms:" + ctx.region() + ":" + ctx.account() + ":key/overcast-managed").build();
    }

    static ProvisionedThroughputDescription throughputDescription(ProvisionedThroughput t) {
        return ProvisionedThroughputDescription.builder()
                .numberOfDecreasesToday(0L)
                .readCapacityUnits(t == null ? 0L : t.readCapacityUnits())
                .writeCapacityUnits(t == null ? 0L : t.writeCapacityUnits())
                .build();
    }

    private static StreamSpecification checkStream(StreamSpecification s) {
        if (s == null) {
            return null;
        }
        if (Boolean.TRUE.equals(s.streamEnabled()) && s.streamViewType() == null) {
            throw DynamoDbErrors.invalidParameter("You must specify a StreamViewType when a stream is enabled");
        }
        if (!Boolean.TRUE.equals(s.streamEnabled()) && s.streamViewType() != null) {
            throw DynamoDbErrors.invalidParameter("You cannot specify a StreamViewType when a stream is disabled");
        }
        return s;
    }

    /** The description as DescribeTable shows it now: statuses settled once their delay passed, live counts. */
    TableDescription view(TableDef t) {
        boolean ready = !Instant.now().isBefore(t.readyAt());
        long[] stats = tables.stats(t.id());
        TableDescription d = t.description();
        TableDescription.Builder b = d.toBuilder().itemCount(stats[0]).tableSizeBytes(stats[1]);
        if ("2017.11.29".equals(d.globalTableVersion())) {
            b.replicas((List<ReplicaDescription>) null); // a legacy global table's members are told by DescribeGlobalTable
        }
        if (ready) {
            b.tableStatus(TableStatus.ACTIVE);
        }
        Throughputs.view(d, b, ready);
        if (d.hasGlobalSecondaryIndexes()) {
            b.globalSecondaryIndexes(d.globalSecondaryIndexes().stream().map(g -> g.toBuilder()
                    .indexStatus(ready && !Boolean.TRUE.equals(g.backfilling()) ? IndexStatus.ACTIVE : g.indexStatus())
                    .itemCount(tables.indexCount(t.id(), g.indexName())).build()).toList());
        }
        if (d.hasLocalSecondaryIndexes()) {
            b.localSecondaryIndexes(d.localSecondaryIndexes().stream().map(l -> l.toBuilder()
                    .itemCount(tables.indexCount(t.id(), l.indexName())).build()).toList());
        }
        return b.build();
    }

    public DescribeTableResponse describeTable(RequestContext ctx, DescribeTableRequest r) {
        TableValidation.tableNameOrArn(r.tableName(), "tableName");
        return DescribeTableResponse.builder().table(view(tables.describe(ctx, r.tableName()))).build();
    }

    public ListTablesResponse listTables(RequestContext ctx, ListTablesRequest r) {
        int limit = r.limit() == null ? 100 : r.limit(); // 1 to 100 by the model's constraints
        List<String> names = tables.names(ctx.account(), ctx.region(), r.exclusiveStartTableName(), limit + 1);
        ListTablesResponse.Builder b = ListTablesResponse.builder();
        if (names.size() > limit) {
            names = names.subList(0, limit);
            b.lastEvaluatedTableName(names.get(limit - 1));
        }
        return b.tableNames(names).build();
    }

    public DeleteTableResponse deleteTable(RequestContext ctx, DeleteTableRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        if (Boolean.TRUE.equals(t.description().deletionProtectionEnabled())) {
            throw DynamoDbErrors.validation("Resource cannot be deleted as it is currently protected against deletion. "
                    + "Disable deletion protection first.");
        }
        TableDescription d = view(t).toBuilder().tableStatus(TableStatus.DELETING).build();
        tx.executeWithoutResult(s -> {
            events.publishEvent(new TableDeleting(t));
            if (!tables.delete(t.id())) {
                throw DynamoDbErrors.tableNotFound(r.tableName());
            }
        });
        return DeleteTableResponse.builder().tableDescription(d).build();
    }

    public UpdateTableResponse updateTable(RequestContext ctx, UpdateTableRequest r) {
        TableDef found = tables.describe(ctx, r.tableName());
        if (r.hasReplicaUpdates() && !r.replicaUpdates().isEmpty()) {
            Set<String> created = replicaUpdates.getObject().apply(ctx, found, r);
            TableDescription shown = view(tables.describe(ctx, r.tableName()));
            if (shown.hasReplicas()) { // as this call left them: the new replicas CREATING
                shown = shown.toBuilder().replicas(shown.replicas().stream().map(x -> created.contains(x.regionName())
                        ? x.toBuilder().replicaStatus(ReplicaStatus.CREATING).build() : x).toList()).build();
            }
            return UpdateTableResponse.builder().tableDescription(shown).build();
        }
        if (r.billingMode() == null && r.provisionedThroughput() == null && r.deletionProtectionEnabled() == null
                && r.streamSpecification() == null && !r.hasGlobalSecondaryIndexUpdates() && r.sseSpecification() == null
                && r.tableClass() == null && !r.hasAttributeDefinitions() && r.onDemandThroughput() == null
                && r.warmThroughput() == null) {
            throw DynamoDbErrors.validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                    + "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }
        TableDescription updated = tx.execute(s -> {
            TableDescription stored = change(found.id(), r);
            // a global table's shared settings: the same change on every other replica, in this transaction
            for (ReplicaDescription other : found.replicated() ? found.description().replicas() : List.<ReplicaDescription>of()) {
                TableDef replica = tables.find(found.account(), other.regionName(), found.name()).orElse(null);
                UpdateTableRequest shared = replica == null ? null : ReplicaSettings.shared(r, found, replica);
                if (shared != null) {
                    change(replica.id(), shared);
                }
            }
            return stored;
        });
        TableDef after = tables.describe(ctx, r.tableName());
        TableDescription shown = view(after);
        if (updated.tableStatus() == TableStatus.UPDATING && !statusDelay.isZero()) {
            shown = shown.toBuilder().tableStatus(TableStatus.UPDATING).build();
        }
        Set<String> created = new HashSet<>();
        updated.globalSecondaryIndexes().stream().filter(g -> Boolean.TRUE.equals(g.backfilling()))
                .forEach(g -> created.add(g.indexName()));
        if (!created.isEmpty()) { // as this call left them, even if their backfill already ended
            shown = shown.toBuilder().globalSecondaryIndexes(shown.globalSecondaryIndexes().stream()
                    .map(g -> created.contains(g.indexName()) ? g.toBuilder().indexStatus(IndexStatus.CREATING).backfilling(true).build() : g)
                    .toList()).build();
        }
        return UpdateTableResponse.builder().tableDescription(shown).build();
    }

    /** Applies an UpdateTable (other than its ReplicaUpdates) to the table of the row id, locked; its new description. */
    private TableDescription change(long id, UpdateTableRequest r) {
        TableDef t = tables.lock(id).orElseThrow(() -> DynamoDbErrors.tableNotFound(r.tableName()));
        TableDescription d = t.description();
        TableDescription.Builder b = d.toBuilder();
        boolean provisioned = d.billingModeSummary() == null
                || d.billingModeSummary().billingMode() != BillingMode.PAY_PER_REQUEST;
        boolean changesShape = false;
        if (r.billingMode() != null) {
            provisioned = r.billingMode() == BillingMode.PROVISIONED;
            if (!provisioned) {
                b.billingModeSummary(BillingModeSummary.builder().billingMode(BillingMode.PAY_PER_REQUEST)
                        .lastUpdateToPayPerRequestDateTime(Instant.now()).build());
                b.provisionedThroughput(throughputDescription(null));
            } else {
                b.billingModeSummary(BillingModeSummary.builder().billingMode(BillingMode.PROVISIONED).build());
                if (r.provisionedThroughput() == null) {
                    throw DynamoDbErrors.invalidParameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
                }
            }
        }
        if (r.provisionedThroughput() != null) {
            if (!provisioned) {
                throw DynamoDbErrors.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            ProvisionedThroughputDescription old = d.provisionedThroughput();
            if (old != null && r.provisionedThroughput().readCapacityUnits().equals(old.readCapacityUnits())
                    && r.provisionedThroughput().writeCapacityUnits().equals(old.writeCapacityUnits()) && r.billingMode() == null) {
                throw DynamoDbErrors.validation("The provisioned throughput for the table will not change. The requested value "
                        + "equals the current value. Current ReadCapacityUnits provisioned for the table: " + old.readCapacityUnits()
                        + ". Requested ReadCapacityUnits: " + r.provisionedThroughput().readCapacityUnits()
                        + ". Current WriteCapacityUnits provisioned for the table: " + old.writeCapacityUnits()
                        + ". Requested WriteCapacityUnits: " + r.provisionedThroughput().writeCapacityUnits()
                        + ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
            }
            b.provisionedThroughput(throughputDescription(r.provisionedThroughput()).toBuilder()
                    .lastIncreaseDateTime(Instant.now()).build());
            changesShape = true;
        }
        if (r.deletionProtectionEnabled() != null) {
            b.deletionProtectionEnabled(r.deletionProtectionEnabled());
        }
        changesShape |= Throughputs.onUpdate(d, b, r);
        if (r.tableClass() != null) {
            b.tableClassSummary(TableClassSummary.builder().tableClass(r.tableClass()).lastUpdateDateTime(Instant.now()).build());
        }
        if (r.streamSpecification() != null) {
            StreamSpecification spec = checkStream(r.streamSpecification());
            boolean enabled = d.streamSpecification() != null && Boolean.TRUE.equals(d.streamSpecification().streamEnabled());
            if (Boolean.TRUE.equals(spec.streamEnabled())) {
                if (enabled) {
                    throw DynamoDbErrors.validation("Table already has an enabled stream: TableName: " + t.name());
                }
                String label = STREAM_LABEL.format(Instant.now());
                b.streamSpecification(spec).latestStreamLabel(label).latestStreamArn(t.arn() + "/stream/" + label);
            } else {
                if (!enabled) {
                    throw DynamoDbErrors.validation("Table already has no stream enabled: TableName: " + t.name());
                }
                b.streamSpecification(StreamSpecification.builder().streamEnabled(false).build());
            }
        }
        if (r.hasAttributeDefinitions()) {
            Map<String, AttributeDefinition> defs = new LinkedHashMap<>();
            d.attributeDefinitions().forEach(a -> defs.put(a.attributeName(), a));
            r.attributeDefinitions().forEach(a -> defs.put(a.attributeName(), a));
            b.attributeDefinitions(new ArrayList<>(defs.values()));
        }
        TableDescription next = b.build();
        if (r.hasGlobalSecondaryIndexUpdates()) {
            next = gsiUpdates(t, next, r.globalSecondaryIndexUpdates(), provisioned);
            changesShape = true;
        }
        TableDescription stored = changesShape ? next.toBuilder().tableStatus(TableStatus.UPDATING).build() : next;
        tables.update(t.id(), stored, changesShape ? Instant.now().plus(statusDelay) : t.readyAt());
        return stored;
    }

    private TableDescription gsiUpdates(TableDef t, TableDescription d, List<GlobalSecondaryIndexUpdate> updates,
                                        boolean provisioned) {
        List<GlobalSecondaryIndexDescription> gsis = new ArrayList<>(d.globalSecondaryIndexes());
        for (GlobalSecondaryIndexUpdate u : updates) {
            if (u.create() != null) {
                CreateGlobalSecondaryIndexAction c = u.create();
                Set<String> names = new HashSet<>();
                gsis.forEach(g -> names.add(g.indexName()));
                d.localSecondaryIndexes().forEach(l -> names.add(l.indexName()));
                if (names.contains(c.indexName())) {
                    throw DynamoDbErrors.validation("One or more parameter values were invalid: Index with name: "
                            + c.indexName() + " already exists");
                }
                GlobalSecondaryIndex gsi = GlobalSecondaryIndex.builder().indexName(c.indexName()).keySchema(c.keySchema())
                        .projection(c.projection()).provisionedThroughput(c.provisionedThroughput()).build();
                Set<String> used = new HashSet<>();
                TableValidation.globalIndex(gsi, provisioned, new HashSet<>(), used);
                for (String a : used) {
                    if (d.attributeDefinitions().stream().noneMatch(x -> x.attributeName().equals(a))) {
                        throw DynamoDbErrors.invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: ["
                                + a + "], AttributeDefinitions: " + d.attributeDefinitions().stream().map(AttributeDefinition::attributeName).toList());
                    }
                }
                if (gsis.size() >= 20) {
                    throw DynamoDbErrors.limitExceeded("Subscriber limit exceeded: The number of global secondary indexes exceeds the limit of 20");
                }
                gsis.add(gsiDescription(t.arn(), gsi, provisioned).toBuilder().backfilling(true).build());
                indexes.scheduleBackfill(t, c.indexName());
            } else if (u.delete() != null) {
                String name = u.delete().indexName();
                if (!gsis.removeIf(g -> g.indexName().equals(name))) {
                    throw DynamoDbErrors.resourceNotFound();
                }
                indexes.drop(t, name);
            } else if (u.update() != null) {
                String name = u.update().indexName();
                int at = -1;
                for (int i = 0; i < gsis.size(); i++) {
                    if (gsis.get(i).indexName().equals(name)) {
                        at = i;
                    }
                }
                if (at < 0) {
                    throw DynamoDbErrors.resourceNotFound();
                }
                if (u.update().provisionedThroughput() != null) {
                    gsis.set(at, gsis.get(at).toBuilder()
                            .provisionedThroughput(throughputDescription(u.update().provisionedThroughput())).build());
                }
            }
        }
        return d.toBuilder().globalSecondaryIndexes(gsis).build();
    }

    // ---- tags

    public TagResourceResponse tagResource(RequestContext ctx, TagResourceRequest r) {
        TableDef t = byArn(ctx, r.resourceArn());
        checkTags(r.tags());
        Map<String, String> tags = new LinkedHashMap<>(t.tags());
        r.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        if (tags.size() > 50) {
            throw DynamoDbErrors.limitExceeded("Too many tags attached to the resource");
        }
        tables.updateTags(t.id(), tags);
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest r) {
        TableDef t = byArn(ctx, r.resourceArn());
        Map<String, String> tags = new LinkedHashMap<>(t.tags());
        r.tagKeys().forEach(tags::remove);
        tables.updateTags(t.id(), tags);
        return UntagResourceResponse.builder().build();
    }

    public ListTagsOfResourceResponse listTagsOfResource(RequestContext ctx, ListTagsOfResourceRequest r) {
        TableDef t = byArn(ctx, r.resourceArn());
        return ListTagsOfResourceResponse.builder()
                .tags(t.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }

    private TableDef byArn(RequestContext ctx, String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            throw DynamoDbErrors.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        return tables.findByArn(ctx, arn).orElseThrow(() -> new dev.overcast.common.error.AwsException(
                "ResourceNotFoundException", 400, "Requested resource not found: ResourcArn: " + arn + " not found"));
    }

    private static void checkTags(List<Tag> tags) {
        for (Tag t : tags) {
            if (t.key() == null || t.key().isEmpty() || t.key().length() > 128) {
                throw DynamoDbErrors.constraint(t.key(), "tags.member.key", "Member must have length between 1 and 128");
            }
            if (t.value() == null || t.value().length() > 256) {
                throw DynamoDbErrors.constraint(t.value(), "tags.member.value", "Member must have length less than or equal to 256");
            }
        }
    }

    // ---- endpoints and limits

    public DescribeEndpointsResponse describeEndpoints(RequestContext ctx, DescribeEndpointsRequest r) {
        String host = ctx.http().header("Host");
        return DescribeEndpointsResponse.builder()
                .endpoints(Endpoint.builder().address(host != null ? host : "dynamodb." + ctx.region() + ".amazonaws.com")
                        .cachePeriodInMinutes(1440L).build())
                .build();
    }

    public DescribeLimitsResponse describeLimits(RequestContext ctx, DescribeLimitsRequest r) {
        return DescribeLimitsResponse.builder()
                .accountMaxReadCapacityUnits(80_000L).accountMaxWriteCapacityUnits(80_000L)
                .tableMaxReadCapacityUnits(40_000L).tableMaxWriteCapacityUnits(40_000L).build();
    }
}
