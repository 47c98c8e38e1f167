package dev.overcast.dynamodb.table;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Creates the new table of a restore (RestoreTableFromBackup, RestoreTableToPointInTime): the source's description
 * under the new name with the request's overrides, then its items and index entries, in one transaction. Streams, TTL,
 * tags, PITR and deletion protection are not restored, as in DynamoDB.
 */
@Component
public class TableRestorer {

    /** The overrides a restore request may carry (null or empty lists: keep the source's). */
    public record Overrides(BillingMode billingMode, List<GlobalSecondaryIndex> globalIndexes,
                            List<LocalSecondaryIndex> localIndexes, ProvisionedThroughput throughput, SSESpecification sse) {
    }

    private final TableStore tables;
    private final IndexStore indexes;
    private final TransactionTemplate tx;
    private final Duration statusDelay;

    public TableRestorer(TableStore tables, IndexStore indexes, TransactionTemplate tx,
                         @Value("${overcast.dynamodb.status-delay:300ms}") Duration statusDelay) {
        this.tables = tables;
        this.indexes = indexes;
        this.tx = tx;
        this.statusDelay = statusDelay;
    }

    /** Restores into a new table; {@code copyItems} receives the new table's id and writes its items. */
    public TableDescription restore(RequestContext ctx, String name, TableDescription source, RestoreSummary summary,
                                    Overrides o, LongConsumer copyItems) {
        TableValidation.tableName(name, "targetTableName");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String arn = "arn:aws:dynamodb:" + ctx.region() + ":" + ctx.account() + ":table/" + name;
        TableDescription description = describe(ctx, name, arn, source, o, now)
                .restoreSummary(summary.toBuilder().restoreInProgress(false).build()).build();
        tx.executeWithoutResult(s -> {
            long id = tables.insert(ctx.account(), ctx.region(), name, description, Map.of(), now.plus(statusDelay))
                    .orElseThrow(() -> new AwsException("TableAlreadyExistsException", 400, "Table already exists: " + name));
            copyItems.accept(id);
            TableDef restored = tables.find(ctx.account(), ctx.region(), name).orElseThrow();
            for (IndexDef index : restored.indexes()) {
                indexes.backfill(restored, index);
            }
        });
        return description;
    }

    private static TableDescription.Builder describe(RequestContext ctx, String name, String arn, TableDescription source,
                                                     Overrides o, Instant now) {
        boolean provisioned = o.billingMode() != null ? o.billingMode() == BillingMode.PROVISIONED
                : source.billingModeSummary() == null || source.billingModeSummary().billingMode() != BillingMode.PAY_PER_REQUEST;
        ProvisionedThroughput throughput = o.throughput();
        if (throughput != null) {
            if (!provisioned) {
                throw DynamoDbErrors.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
        } else if (provisioned) {
            ProvisionedThroughputDescription p = source.provisionedThroughput();
            if (p == null || p.readCapacityUnits() == null || p.readCapacityUnits() == 0) {
                throw DynamoDbErrors.invalidParameter("ProvisionedThroughputOverride must be specified when BillingModeOverride is PROVISIONED");
            }
            throughput = ProvisionedThroughput.builder().readCapacityUnits(p.readCapacityUnits())
                    .writeCapacityUnits(p.writeCapacityUnits()).build();
        }
        TableDescription.Builder d = source.toBuilder().tableName(name).tableArn(arn).tableId(UUID.randomUUID().toString())
                .tableStatus(TableStatus.CREATING).creationDateTime(now).streamSpecification((StreamSpecification) null)
                .latestStreamArn(null).latestStreamLabel(null).deletionProtectionEnabled(false)
                .provisionedThroughput(TableApi.throughputDescription(provisioned ? throughput : null))
                .billingModeSummary(provisioned ? null : BillingModeSummary.builder().billingMode(BillingMode.PAY_PER_REQUEST)
                        .lastUpdateToPayPerRequestDateTime(now).build());
        if (o.sse() != null) {
            d.sseDescription(TableApi.sseDescription(ctx, o.sse()));
        }
        Set<String> names = new HashSet<>();
        if (o.localIndexes() != null && !o.localIndexes().isEmpty()) {
            d.localSecondaryIndexes(o.localIndexes().stream().map(l -> LocalSecondaryIndexDescription.builder()
                    .indexName(l.indexName()).keySchema(l.keySchema()).projection(l.projection())
                    .indexArn(arn + "/index/" + l.indexName()).indexSizeBytes(0L).itemCount(0L).build()).toList());
        } else if (source.hasLocalSecondaryIndexes()) {
            d.localSecondaryIndexes(source.localSecondaryIndexes().stream()
                    .map(l -> l.toBuilder().indexArn(arn + "/index/" + l.indexName()).build()).toList());
        }
        if (o.globalIndexes() != null && !o.globalIndexes().isEmpty()) {
            Set<String> used = new HashSet<>();
            for (GlobalSecondaryIndex g : o.globalIndexes()) {
                TableValidation.globalIndex(g, provisioned, names, used);
            }
            for (String a : used) {
                if (source.attributeDefinitions().stream().noneMatch(x -> x.attributeName().equals(a))) {
                    throw DynamoDbErrors.invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: ["
                            + a + "], AttributeDefinitions: " + source.attributeDefinitions().stream()
                            .map(AttributeDefinition::attributeName).toList());
                }
            }
            d.globalSecondaryIndexes(o.globalIndexes().stream().map(g -> TableApi.gsiDescription(arn, g, provisioned)).toList());
        } else if (source.hasGlobalSecondaryIndexes()) {
            ProvisionedThroughput tableThroughput = throughput;
            d.globalSecondaryIndexes(source.globalSecondaryIndexes().stream().map(g -> g.toBuilder()
                    .indexArn(arn + "/index/" + g.indexName()).indexStatus(IndexStatus.CREATING).backfilling((Boolean) null)
                    .provisionedThroughput(TableApi.throughputDescription(!provisioned ? null
                            : g.provisionedThroughput() != null && g.provisionedThroughput().readCapacityUnits() != null
                            && g.provisionedThroughput().readCapacityUnits() > 0
                            ? ProvisionedThroughput.builder().readCapacityUnits(g.provisionedThroughput().readCapacityUnits())
                            .writeCapacityUnits(g.provisionedThroughput().writeCapacityUnits()).build()
                            : tableThroughput)).build()).toList());
        }
        return d;
    }
}
