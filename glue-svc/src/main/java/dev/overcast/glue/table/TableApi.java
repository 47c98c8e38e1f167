package dev.overcast.glue.table;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.database.CatalogDatabase;
import dev.overcast.glue.database.DatabaseStore;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Tables and their versions: CreateTable, GetTable, GetTables, UpdateTable (SkipArchive, VersionId), DeleteTable,
 * BatchDeleteTable, GetTableVersion, GetTableVersions, DeleteTableVersion, BatchDeleteTableVersion.
 */
@AwsApi(api = "glue")
public class TableApi {

    private final DatabaseStore databases;
    private final TableStore tables;
    private final PartitionIndexStore indexes;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public TableApi(DatabaseStore databases, TableStore tables, PartitionIndexStore indexes, TransactionTemplate tx,
                    SuiteClock clock) {
        this.databases = databases;
        this.tables = tables;
        this.indexes = indexes;
        this.tx = tx;
        this.clock = clock;
    }

    public CreateTableResponse createTable(RequestContext ctx, CreateTableRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = databases.require(scope, r.databaseName());
        TableInput input = r.tableInput();
        if (r.openTableFormatInput() != null && r.openTableFormatInput().icebergInput() != null) {
            input = Tables.asIceberg(input);
        }
        TableInput stored = input;
        Instant now = clock.now();
        tx.executeWithoutResult(s -> {
            if (!tables.insert(db, stored, now)) {
                throw GlueErrors.alreadyExists("Table already exists.");
            }
            if (r.hasPartitionIndexes()) {
                CatalogTable t = tables.require(scope, db.name(), stored.name());
                r.partitionIndexes().forEach(i -> {
                    Tables.checkIndexKeys(t, i);
                    indexes.insert(t.id(), i, now);
                });
            }
        });
        return CreateTableResponse.builder().build();
    }

    public GetTableResponse getTable(RequestContext ctx, GetTableRequest r) {
        return GetTableResponse.builder()
                .table(tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.name()).toModel()).build();
    }

    public GetTablesResponse getTables(RequestContext ctx, GetTablesRequest r) {
        CatalogDatabase db = databases.require(Scope.of(ctx, r.catalogId()), r.databaseName());
        int size = PageTokens.size(r.maxResults(), 100, 100);
        List<CatalogTable> page = tables.page(db.id(), Tables.namePattern(r.expression()),
                PageTokens.decode("tables", r.nextToken()), size + 1);
        String next = page.size() > size ? PageTokens.encode("tables", page.get(size - 1).name()) : null;
        return GetTablesResponse.builder().tableList(page.stream().limit(size).map(CatalogTable::toModel).toList())
                .nextToken(next).build();
    }

    public UpdateTableResponse updateTable(RequestContext ctx, UpdateTableRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        boolean skipArchive = Boolean.TRUE.equals(r.skipArchive());
        Instant now = clock.now();
        try {
            tx.executeWithoutResult(s -> {
                CatalogTable t = tables.lock(scope, r.databaseName(), r.tableInput().name());
                if (r.versionId() != null && !r.versionId().equals(Long.toString(t.versionId()))) {
                    throw GlueErrors.concurrentModification("Update table failed due to concurrent modifications.");
                }
                tables.update(t, r.tableInput(), skipArchive, now);
            });
        } catch (DuplicateKeyException e) {
            throw GlueErrors.alreadyExists("Table already exists.");
        }
        return UpdateTableResponse.builder().build();
    }

    public DeleteTableResponse deleteTable(RequestContext ctx, DeleteTableRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.name());
        tables.delete(t.id());
        return DeleteTableResponse.builder().build();
    }

    public BatchDeleteTableResponse batchDeleteTable(RequestContext ctx, BatchDeleteTableRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        databases.require(scope, r.databaseName());
        List<TableError> errors = new ArrayList<>();
        for (String name : r.tablesToDelete()) {
            tables.find(scope, r.databaseName(), name).ifPresentOrElse(t -> tables.delete(t.id()),
                    () -> errors.add(TableError.builder().tableName(name).errorDetail(Tables.notFoundDetail(
                            "Table " + DatabaseStore.normalize(name) + " not found.")).build()));
        }
        return BatchDeleteTableResponse.builder().errors(errors).build();
    }

    public GetTableVersionResponse getTableVersion(RequestContext ctx, GetTableVersionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        long id = r.versionId() == null ? t.versionId() : Tables.versionNumber(r.versionId());
        TableStore.Version v = tables.version(t.id(), id)
                .orElseThrow(() -> GlueErrors.entityNotFound("Version " + r.versionId() + " of table " + t.name() + " not found."));
        return GetTableVersionResponse.builder().tableVersion(toModel(t, v)).build();
    }

    public GetTableVersionsResponse getTableVersions(RequestContext ctx, GetTableVersionsRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        int size = PageTokens.size(r.maxResults(), 100, 100);
        String after = PageTokens.decode("versions", r.nextToken());
        List<TableStore.Version> page = tables.versions(t.id(), after == null ? Long.MAX_VALUE : Long.parseLong(after),
                size + 1);
        String next = page.size() > size ? PageTokens.encode("versions", Long.toString(page.get(size - 1).versionId())) : null;
        return GetTableVersionsResponse.builder().tableVersions(page.stream().limit(size).map(v -> toModel(t, v)).toList())
                .nextToken(next).build();
    }

    public DeleteTableVersionResponse deleteTableVersion(RequestContext ctx, DeleteTableVersionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        String error = deleteVersion(t, r.versionId());
        if (error != null) {
            throw error.startsWith("Cannot") ? GlueErrors.invalidInput(error) : GlueErrors.entityNotFound(error);
        }
        return DeleteTableVersionResponse.builder().build();
    }

    public BatchDeleteTableVersionResponse batchDeleteTableVersion(RequestContext ctx, BatchDeleteTableVersionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        List<TableVersionError> errors = new ArrayList<>();
        for (String v : r.versionIds()) {
            String error = deleteVersion(t, v);
            if (error != null) {
                errors.add(TableVersionError.builder().tableName(t.name()).versionId(v).errorDetail(ErrorDetail.builder()
                        .errorCode(error.startsWith("Cannot") ? "InvalidInputException" : "EntityNotFoundException")
                        .errorMessage(error).build()).build());
            }
        }
        return BatchDeleteTableVersionResponse.builder().errors(errors).build();
    }

    /** Deletes a version that is not the current one; the error's message, or null when deleted. */
    private String deleteVersion(CatalogTable t, String versionId) {
        long id = Tables.versionNumber(versionId);
        if (id == t.versionId()) {
            return "Cannot delete the current version of table " + t.name() + ".";
        }
        return tables.deleteVersion(t.id(), id) ? null : "Version " + versionId + " of table " + t.name() + " not found.";
    }

    private static TableVersion toModel(CatalogTable t, TableStore.Version v) {
        return TableVersion.builder().table(t.toModel(v.input(), v.versionId(), v.updatedAt()))
                .versionId(Long.toString(v.versionId())).build();
    }
}
