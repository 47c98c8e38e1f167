package dev.overcast.dynamodb.globaltable;

import dev.overcast.common.api.RequestContext;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.ReplicaUpdates;
import dev.overcast.dynamodb.table.TableDeleting;
import dev.overcast.dynamodb.table.TableStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Global tables, version 2019.11.21: UpdateTable's ReplicaUpdates create a replica (a table of the same account and
 * name in another region of the suite, with the source's key schema, GSIs and stream, its throughput and table class
 * overrides, and the source's items copied, in one transaction), update a replica's overrides, or delete a replica.
 * Every replica's description lists the others (Replicas), the version and the MultiRegionConsistency; DeleteTable of
 * a replica takes it out of the others' lists. Writes travel between replicas by {@link Replicator}.
 */
@Component
public class GlobalTables implements ReplicaUpdates {

    static final String VERSION = "2019.11.21";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final TableStore tables;
    private final IndexStore indexes;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Duration statusDelay;

    public GlobalTables(TableStore tables, IndexStore indexes, JdbcClient jdbc, TransactionTemplate tx,
                        @Value("${overcast.dynamodb.status-delay:300ms}") Duration statusDelay) {
        this.tables = tables;
        this.indexes = indexes;
        this.jdbc = jdbc;
        this.tx = tx;
        this.statusDelay = statusDelay;
    }

    /** The regions of a table's global table: its own and its replicas'. */
    static Set<String> regions(TableDef t) {
        Set<String> regions = new TreeSet<>();
        regions.add(t.region());
        if (t.replicated()) {
            t.description().replicas().forEach(r -> regions.add(r.regionName()));
        }
        return regions;
    }

    @Override
    public Set<String> apply(RequestContext ctx, TableDef table, UpdateTableRequest r) {
        if (r.billingMode() != null || r.provisionedThroughput() != null || r.hasGlobalSecondaryIndexUpdates()
                || r.streamSpecification() != null || r.sseSpecification() != null || r.tableClass() != null
                || r.onDemandThroughput() != null || r.warmThroughput() != null || r.deletionProtectionEnabled() != null) {
            throw DynamoDbErrors.validation("One or more parameter values were invalid: ReplicaUpdates cannot be combined "
                    + "with other updates of the table in the same request");
        }
        Set<String> created = new LinkedHashSet<>();
        tx.executeWithoutResult(s -> {
            TableDef t = tables.lock(table.id()).orElseThrow(DynamoDbErrors::resourceNotFound);
            Set<String> regions = regions(t);
            MultiRegionConsistency consistency = r.multiRegionConsistency() != null ? r.multiRegionConsistency()
                    : t.description().multiRegionConsistency() != null ? t.description().multiRegionConsistency()
                    : MultiRegionConsistency.EVENTUAL;
            if (r.multiRegionConsistency() != null && t.replicated() && r.multiRegionConsistency() != t.description().multiRegionConsistency()) {
                throw DynamoDbErrors.validation("MultiRegionConsistency cannot be changed for an existing global table");
            }
            for (ReplicationGroupUpdate u : r.replicaUpdates()) {
                if (u.create() != null) {
                    String region = checkRegion(u.create().regionName());
                    if (regions.contains(region) || tables.find(t.account(), region, t.name()).isPresent()) {
                        throw DynamoDbErrors.validation("Failed to create a the new replica of table with name: '" + t.name()
                                + "' because one or more replicas already existed as tables.");
                    }
                    create(t, region, u.create());
                    regions.add(region);
                    created.add(region);
                } else if (u.update() != null) {
                    String region = existing(regions, t, u.update().regionName());
                    TableDef replica = tables.find(t.account(), region, t.name()).orElseThrow(DynamoDbErrors::resourceNotFound);
                    TableDescription.Builder d = replica.description().toBuilder();
                    if (u.update().tableClassOverride() != null) {
                        d.tableClassSummary(TableClassSummary.builder().tableClass(u.update().tableClassOverride()).build());
                    }
                    if (u.update().provisionedThroughputOverride() != null && replica.description().provisionedThroughput() != null) {
                        d.provisionedThroughput(replica.description().provisionedThroughput().toBuilder()
                                .readCapacityUnits(u.update().provisionedThroughputOverride().readCapacityUnits()).build());
                    }
                    tables.update(replica.id(), d.build(), replica.readyAt());
                } else if (u.delete() != null) {
                    String region = existing(regions, t, u.delete().regionName());
                    TableDef replica = tables.find(t.account(), region, t.name()).orElseThrow(DynamoDbErrors::resourceNotFound);
                    if (Boolean.TRUE.equals(replica.description().deletionProtectionEnabled())) {
                        throw DynamoDbErrors.validation("Resource cannot be deleted as it is currently protected against "
                                + "deletion. Disable deletion protection first.");
                    }
                    tables.delete(replica.id());
                    regions.remove(region);
                }
            }
            regroup(t.account(), t.name(), regions, consistency, VERSION);
        });
        return created;
    }

    private static String checkRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw DynamoDbErrors.validation("The provided region name is invalid: " + region);
        }
        return region;
    }

    private static String existing(Set<String> regions, TableDef t, String region) {
        if (region == null || region.equals(t.region()) || !regions.contains(region)) {
            throw DynamoDbErrors.validation("Replica specified in the Replica Update or Replica Delete action of the "
                    + "request was not found.");
        }
        return region;
    }

    /** Creates the replica table in the region with the source's items, index entries and item versions. */
    private void create(TableDef source, String region, CreateReplicationGroupMemberAction c) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TableDescription s = source.description();
        String arn = "arn:aws:dynamodb:" + region + ":" + source.account() + ":table/" + source.name();
        TableDescription.Builder d = s.toBuilder().tableArn(arn).tableId(UUID.randomUUID().toString())
                .tableStatus(TableStatus.CREATING).creationDateTime(now).deletionProtectionEnabled(false)
                .replicas((List<ReplicaDescription>) null);
        if (s.latestStreamArn() != null) {
            d.latestStreamArn(arn + "/stream/" + s.latestStreamLabel());
        }
        if (s.hasGlobalSecondaryIndexes()) {
            d.globalSecondaryIndexes(s.globalSecondaryIndexes().stream().map(g -> g.toBuilder()
                    .indexArn(arn + "/index/" + g.indexName()).indexStatus(IndexStatus.CREATING).build()).toList());
        }
        if (s.hasLocalSecondaryIndexes()) {
            d.localSecondaryIndexes(s.localSecondaryIndexes().stream().map(l -> l.toBuilder()
                    .indexArn(arn + "/index/" + l.indexName()).build()).toList());
        }
        if (c.tableClassOverride() != null) {
            d.tableClassSummary(TableClassSummary.builder().tableClass(c.tableClassOverride()).build());
        }
        if (c.provisionedThroughputOverride() != null && s.provisionedThroughput() != null
                && s.provisionedThroughput().readCapacityUnits() != null && s.provisionedThroughput().readCapacityUnits() > 0) {
            d.provisionedThroughput(s.provisionedThroughput().toBuilder()
                    .readCapacityUnits(c.provisionedThroughputOverride().readCapacityUnits()).build());
        }
        long id = tables.insert(source.account(), region, source.name(), d.build(), Map.of(), now.plus(statusDelay))
                .orElseThrow(() -> DynamoDbErrors.validation("Failed to create a the new replica of table with name: '"
                        + source.name() + "' because one or more replicas already existed as tables."));
        jdbc.sql("insert into item (table_id, pk, sk, size, data) select ?, pk, sk, size, data from item where table_id = ?")
                .params(id, source.id()).update();
        jdbc.sql("""
                insert into replica_item_version (table_id, pk, sk, written_at, region)
                select ?, pk, sk, written_at, region from replica_item_version where table_id = ?""")
                .params(id, source.id()).update();
        TableDef replica = tables.find(source.account(), region, source.name()).orElseThrow();
        for (IndexDef index : replica.indexes()) {
            indexes.backfill(replica, index);
        }
    }

    /**
     * Writes every member's list of the others (and the version and consistency) into its description; a table left
     * alone is no longer global.
     */
    void regroup(String account, String name, Set<String> regions, MultiRegionConsistency consistency, String version) {
        List<TableDef> members = new ArrayList<>();
        for (String region : regions) {
            tables.find(account, region, name).ifPresent(members::add);
        }
        for (TableDef m : members) {
            List<ReplicaDescription> others = members.stream().filter(o -> !o.region().equals(m.region()))
                    .map(GlobalTables::replicaDescription).toList();
            TableDescription.Builder d = m.description().toBuilder();
            if (others.isEmpty()) {
                // a legacy global table of one region is still one; a 2019.11.21 table alone is no longer global
                d.replicas((List<ReplicaDescription>) null)
                        .globalTableVersion(GlobalTableApi.LEGACY.equals(version) ? version : null)
                        .multiRegionConsistency((MultiRegionConsistency) null);
            } else {
                d.replicas(others).globalTableVersion(version).multiRegionConsistency(consistency);
            }
            tables.update(m.id(), d.build(), m.readyAt());
        }
    }

    private static ReplicaDescription replicaDescription(TableDef t) {
        TableDescription d = t.description();
        ReplicaDescription.Builder b = ReplicaDescription.builder().regionName(t.region()).replicaStatus(ReplicaStatus.ACTIVE)
                .replicaTableClassSummary(d.tableClassSummary() != null
                        ? TableClassSummary.builder().tableClass(d.tableClassSummary().tableClass()).build()
                        : TableClassSummary.builder().tableClass(TableClass.STANDARD).build());
        if (d.provisionedThroughput() != null && d.provisionedThroughput().readCapacityUnits() != null
                && d.provisionedThroughput().readCapacityUnits() > 0) {
            b.provisionedThroughputOverride(p -> p.readCapacityUnits(d.provisionedThroughput().readCapacityUnits()));
        }
        if (d.hasGlobalSecondaryIndexes()) {
            b.globalSecondaryIndexes(d.globalSecondaryIndexes().stream()
                    .map(g -> ReplicaGlobalSecondaryIndexDescription.builder().indexName(g.indexName()).build()).toList());
        }
        return b.build();
    }

    /** DeleteTable of a replica: the others no longer list it (in DeleteTable's transaction). */
    @EventListener
    public void replicaDeleted(TableDeleting deleting) {
        TableDef t = deleting.table();
        if (!t.replicated()) {
            return;
        }
        Set<String> regions = regions(t);
        regions.remove(t.region());
        regroup(t.account(), t.name(), regions, t.description().multiRegionConsistency(), t.description().globalTableVersion());
    }
}
