package dev.overcast.glue.partition;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Scope;
import dev.overcast.glue.table.CatalogTable;
import dev.overcast.glue.table.TableStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Partitions: Create/BatchCreate/Get/BatchGet/Update/BatchUpdate/Delete/BatchDeletePartition and GetPartitions with
 * Glue's partition predicate (answered from indexes, see {@link PartitionExpression}) and Segment.
 */
@AwsApi(api = "glue")
public class PartitionApi {

    private final TableStore tables;
    private final PartitionStore partitions;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public PartitionApi(TableStore tables, PartitionStore partitions, TransactionTemplate tx, SuiteClock clock) {
        this.tables = tables;
        this.partitions = partitions;
        this.tx = tx;
        this.clock = clock;
    }

    public CreatePartitionResponse createPartition(RequestContext ctx, CreatePartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        checkValues(t, r.partitionInput().values());
        if (!partitions.insert(t.id(), r.partitionInput(), clock.now())) {
            throw GlueErrors.alreadyExists("Partition already exists.");
        }
        return CreatePartitionResponse.builder().build();
    }

    public BatchCreatePartitionResponse batchCreatePartition(RequestContext ctx, BatchCreatePartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        Instant now = clock.now();
        List<PartitionError> errors = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (PartitionInput p : r.partitionInputList()) {
                String problem = valuesProblem(t, p.values());
                if (problem != null) {
                    errors.add(error(p.values(), "InvalidInputException", problem));
                } else if (!partitions.insert(t.id(), p, now)) {
                    errors.add(error(p.values(), "AlreadyExistsException", "Partition already exists."));
                }
            }
        });
        return BatchCreatePartitionResponse.builder().errors(errors).build();
    }

    public GetPartitionResponse getPartition(RequestContext ctx, GetPartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        CatalogPartition p = partitions.find(t.id(), r.partitionValues()).orElseThrow(PartitionApi::partitionNotFound);
        return GetPartitionResponse.builder().partition(p.toModel(t, false)).build();
    }

    public BatchGetPartitionResponse batchGetPartition(RequestContext ctx, BatchGetPartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        List<Partition> found = new ArrayList<>();
        List<PartitionValueList> unprocessed = new ArrayList<>();
        for (PartitionValueList values : r.partitionsToGet()) {
            partitions.find(t.id(), values.values()).ifPresent(p -> found.add(p.toModel(t, false)));
        }
        return BatchGetPartitionResponse.builder().partitions(found).unprocessedKeys(unprocessed).build();
    }

    public UpdatePartitionResponse updatePartition(RequestContext ctx, UpdatePartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        checkValues(t, r.partitionInput().values());
        try {
            if (!partitions.update(t.id(), r.partitionValueList(), r.partitionInput(), clock.now())) {
                throw partitionNotFound();
            }
        } catch (DuplicateKeyException e) {
            throw GlueErrors.alreadyExists("Partition already exists.");
        }
        return UpdatePartitionResponse.builder().build();
    }

    public BatchUpdatePartitionResponse batchUpdatePartition(RequestContext ctx, BatchUpdatePartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        Instant now = clock.now();
        List<BatchUpdatePartitionFailureEntry> errors = new ArrayList<>();
        for (BatchUpdatePartitionRequestEntry e : r.entries()) {
            String problem = valuesProblem(t, e.partitionInput().values());
            String code = "InvalidInputException";
            if (problem == null) {
                try {
                    if (!tx.execute(s -> partitions.update(t.id(), e.partitionValueList(), e.partitionInput(), now))) {
                        problem = "Partition not found.";
                        code = "EntityNotFoundException";
                    }
                } catch (DuplicateKeyException dup) {
                    problem = "Partition already exists.";
                    code = "AlreadyExistsException";
                }
            }
            if (problem != null) {
                errors.add(BatchUpdatePartitionFailureEntry.builder().partitionValueList(e.partitionValueList())
                        .errorDetail(ErrorDetail.builder().errorCode(code).errorMessage(problem).build()).build());
            }
        }
        return BatchUpdatePartitionResponse.builder().errors(errors).build();
    }

    public DeletePartitionResponse deletePartition(RequestContext ctx, DeletePartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        if (!partitions.delete(t.id(), r.partitionValues())) {
            throw partitionNotFound();
        }
        return DeletePartitionResponse.builder().build();
    }

    public BatchDeletePartitionResponse batchDeletePartition(RequestContext ctx, BatchDeletePartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        List<PartitionError> errors = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (PartitionValueList values : r.partitionsToDelete()) {
                if (!partitions.delete(t.id(), values.values())) {
                    errors.add(error(values.values(), "EntityNotFoundException", "Partition not found."));
                }
            }
        });
        return BatchDeletePartitionResponse.builder().errors(errors).build();
    }

    public GetPartitionsResponse getPartitions(RequestContext ctx, GetPartitionsRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        int segment = 0;
        int total = 1;
        if (r.segment() != null) {
            segment = r.segment().segmentNumber();
            total = r.segment().totalSegments();
            if (segment >= total) {
                throw GlueErrors.invalidInput("SegmentNumber must be less than TotalSegments.");
            }
        }
        PartitionExpression.Sql where = r.expression() == null || r.expression().isBlank() ? null
                : PartitionExpression.compile(r.expression(), t.partitionKeys());
        int size = PageTokens.size(r.maxResults(), 1000, 1000);
        String after = PageTokens.decode("partitions", r.nextToken());
        List<CatalogPartition> page = partitions.page(t.id(), where, after == null ? 0 : Long.parseLong(after),
                segment, total, size + 1);
        String next = page.size() > size ? PageTokens.encode("partitions", Long.toString(page.get(size - 1).id())) : null;
        boolean exclude = Boolean.TRUE.equals(r.excludeColumnSchema());
        return GetPartitionsResponse.builder().partitions(page.stream().limit(size).map(p -> p.toModel(t, exclude)).toList())
                .nextToken(next).build();
    }

    private static void checkValues(CatalogTable t, List<String> values) {
        String problem = valuesProblem(t, values);
        if (problem != null) {
            throw GlueErrors.invalidInput(problem);
        }
    }

    private static String valuesProblem(CatalogTable t, List<String> values) {
        if (values == null || values.size() != t.partitionKeys().size()) {
            return "The number of partition keys do not match the number of partition values";
        }
        return null;
    }

    private static PartitionError error(List<String> values, String code, String message) {
        return PartitionError.builder().partitionValues(values)
                .errorDetail(ErrorDetail.builder().errorCode(code).errorMessage(message).build()).build();
    }

    static RuntimeException partitionNotFound() {
        return GlueErrors.entityNotFound("Cannot find partition.");
    }
}
