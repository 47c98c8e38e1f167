package dev.overcast.glue.table;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Scope;
import java.util.List;
import software.amazon.awssdk.services.glue.model.*;

/** Partition indexes: CreatePartitionIndex, GetPartitionIndexes, DeletePartitionIndex. */
@AwsApi(api = "glue")
public class PartitionIndexApi {

    /** Glue allows 3 partition indexes per table. */
    static final int MAX_INDEXES = 3;

    private final TableStore tables;
    private final PartitionIndexStore indexes;
    private final SuiteClock clock;

    public PartitionIndexApi(TableStore tables, PartitionIndexStore indexes, SuiteClock clock) {
        this.tables = tables;
        this.indexes = indexes;
        this.clock = clock;
    }

    public CreatePartitionIndexResponse createPartitionIndex(RequestContext ctx, CreatePartitionIndexRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        Tables.checkIndexKeys(t, r.partitionIndex());
        if (indexes.list(t.id()).size() >= MAX_INDEXES) {
            throw GlueErrors.resourceNumberLimitExceeded("Maximum number of partition indexes (" + MAX_INDEXES
                    + ") reached for table " + t.name() + ".");
        }
        if (!indexes.insert(t.id(), r.partitionIndex(), clock.now())) {
            throw GlueErrors.alreadyExists("Partition index " + r.partitionIndex().indexName() + " already exists.");
        }
        return CreatePartitionIndexResponse.builder().build();
    }

    public GetPartitionIndexesResponse getPartitionIndexes(RequestContext ctx, GetPartitionIndexesRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        List<PartitionIndexDescriptor> list = indexes.list(t.id()).stream().map(i -> PartitionIndexDescriptor.builder()
                .indexName(i.name()).indexStatus(i.status())
                .keys(i.keys().stream().map(k -> KeySchemaElement.builder().name(k).type(typeOf(t, k)).build()).toList())
                .build()).toList();
        return GetPartitionIndexesResponse.builder().partitionIndexDescriptorList(list).build();
    }

    public DeletePartitionIndexResponse deletePartitionIndex(RequestContext ctx, DeletePartitionIndexRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        if (!indexes.delete(t.id(), r.indexName())) {
            throw GlueErrors.entityNotFound("Partition index " + r.indexName() + " not found.");
        }
        return DeletePartitionIndexResponse.builder().build();
    }

    private static String typeOf(CatalogTable t, String key) {
        return t.partitionKeys().stream().filter(c -> c.name().equalsIgnoreCase(key)).map(Column::type).findFirst()
                .orElse("string");
    }
}
