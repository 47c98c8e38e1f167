package dev.overcast.dynamodb.globaltable;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Global tables version 2017.11.29 (legacy): CreateGlobalTable (links existing empty tables of the same name, streams
 * NEW_AND_OLD_IMAGES, in several regions), DescribeGlobalTable, UpdateGlobalTable (add or remove a region's table),
 * ListGlobalTables. Writes travel between the members as between 2019.11.21 replicas. These actions know only legacy
 * global tables: a 2019.11.21 global table is not found by them, as in DynamoDB.
 */
@AwsApi(api = "dynamodb")
public class GlobalTableApi {

    static final String LEGACY = "2017.11.29";

    private final TableStore tables;
    private final GlobalTables globalTables;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public GlobalTableApi(TableStore tables, GlobalTables globalTables, JdbcClient jdbc, TransactionTemplate tx) {
        this.tables = tables;
        this.globalTables = globalTables;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    private static AwsException notFound(String name) {
        return new AwsException("GlobalTableNotFoundException", 400, "Global table not found: Global table with name: '"
                + name + "' does not exist.");
    }

    private static boolean legacy(TableDef t) {
        return LEGACY.equals(t.description().globalTableVersion());
    }

    /** A member table that can join: it exists, has a NEW_AND_OLD_IMAGES stream and no items. */
    private TableDef joining(String account, String region, String name) {
        TableDef t = tables.find(account, region, name).orElseThrow(() -> new AwsException("TableNotFoundException", 400,
                "Table not found: " + name + " in region " + region));
        StreamSpecification s = t.description().streamSpecification();
        if (s == null || !Boolean.TRUE.equals(s.streamEnabled()) || s.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            throw new AwsException("ValidationException", 400, "One or more parameter values were invalid: Table "
                    + name + " in region " + region + " must have DynamoDB Streams enabled with NEW_AND_OLD_IMAGES");
        }
        if (jdbc.sql("select exists (select 1 from item where table_id = ?)").param(t.id()).query(Boolean.class).single()) {
            throw new AwsException("ValidationException", 400, "One or more parameter values were invalid: Table "
                    + name + " in region " + region + " is not empty");
        }
        return t;
    }

    public CreateGlobalTableResponse createGlobalTable(RequestContext ctx, CreateGlobalTableRequest r) {
        Set<String> regions = new TreeSet<>();
        r.replicationGroup().forEach(x -> regions.add(x.regionName()));
        tx.executeWithoutResult(s -> {
            for (String region : regions) {
                TableDef t = joining(ctx.account(), region, r.globalTableName());
                if (t.replicated() || legacy(t)) {
                    throw new AwsException("GlobalTableAlreadyExistsException", 400, "Global table already exists: " + r.globalTableName());
                }
            }
            globalTables.regroup(ctx.account(), r.globalTableName(), regions, MultiRegionConsistency.EVENTUAL, LEGACY);
        });
        return CreateGlobalTableResponse.builder().globalTableDescription(describe(ctx, r.globalTableName())
                .toBuilder().globalTableStatus(GlobalTableStatus.CREATING).build()).build();
    }

    private GlobalTableDescription describe(RequestContext ctx, String name) {
        TableDef t = tables.find(ctx.account(), ctx.region(), name).filter(GlobalTableApi::legacy)
                .orElseThrow(() -> notFound(name));
        List<ReplicaDescription> group = new ArrayList<>();
        GlobalTables.regions(t).forEach(region -> group.add(ReplicaDescription.builder().regionName(region).build()));
        return GlobalTableDescription.builder().globalTableName(name).replicationGroup(group)
                .globalTableArn("arn:aws:dynamodb::" + ctx.account() + ":global-table/" + name)
                .creationDateTime(t.description().creationDateTime()).globalTableStatus(GlobalTableStatus.ACTIVE).build();
    }

    public DescribeGlobalTableResponse describeGlobalTable(RequestContext ctx, DescribeGlobalTableRequest r) {
        return DescribeGlobalTableResponse.builder().globalTableDescription(describe(ctx, r.globalTableName())).build();
    }

    public UpdateGlobalTableResponse updateGlobalTable(RequestContext ctx, UpdateGlobalTableRequest r) {
        String name = r.globalTableName();
        tx.executeWithoutResult(s -> {
            TableDef t = tables.find(ctx.account(), ctx.region(), name).filter(GlobalTableApi::legacy)
                    .orElseThrow(() -> notFound(name));
            Set<String> regions = GlobalTables.regions(t);
            for (ReplicaUpdate u : r.replicaUpdates()) {
                if (u.create() != null) {
                    if (regions.contains(u.create().regionName())) {
                        throw new AwsException("ReplicaAlreadyExistsException", 400, "Replica already exists: " + u.create().regionName());
                    }
                    joining(ctx.account(), u.create().regionName(), name);
                    regions.add(u.create().regionName());
                } else if (u.delete() != null) {
                    if (!regions.remove(u.delete().regionName())) {
                        throw new AwsException("ReplicaNotFoundException", 400, "Replica not found: " + u.delete().regionName());
                    }
                    tables.find(ctx.account(), u.delete().regionName(), name).ifPresent(x -> globalTables.regroup(
                            ctx.account(), name, Set.of(x.region()), MultiRegionConsistency.EVENTUAL, null));
                }
            }
            globalTables.regroup(ctx.account(), name, regions, MultiRegionConsistency.EVENTUAL, LEGACY);
        });
        return UpdateGlobalTableResponse.builder().globalTableDescription(describe(ctx, name)).build();
    }

    public ListGlobalTablesResponse listGlobalTables(RequestContext ctx, ListGlobalTablesRequest r) {
        int limit = r.limit() == null ? 100 : r.limit();
        String region = r.regionName() != null ? r.regionName() : ctx.region();
        List<GlobalTable> out = new ArrayList<>();
        String after = r.exclusiveStartGlobalTableName();
        String last = null;
        while (out.size() < limit) {
            List<String> names = tables.names(ctx.account(), region, after, 100);
            for (String name : names) {
                after = name;
                TableDef t = tables.find(ctx.account(), region, name).orElse(null);
                if (t != null && legacy(t)) {
                    List<Replica> group = GlobalTables.regions(t).stream().map(x -> Replica.builder().regionName(x).build()).toList();
                    out.add(GlobalTable.builder().globalTableName(name).replicationGroup(group).build());
                    if (out.size() == limit) {
                        last = name;
                        break;
                    }
                }
            }
            if (names.size() < 100) {
                break;
            }
        }
        return ListGlobalTablesResponse.builder().globalTables(out).lastEvaluatedGlobalTableName(last).build();
    }
}
