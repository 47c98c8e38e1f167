package dev.overcast.glue.database;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/** Databases: CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase, DeleteDatabase. */
@AwsApi(api = "glue")
public class DatabaseApi {

    private final DatabaseStore store;
    private final Resources resources;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public DatabaseApi(DatabaseStore store, Resources resources, TransactionTemplate tx, SuiteClock clock) {
        this.store = store;
        this.resources = resources;
        this.tx = tx;
        this.clock = clock;
    }

    public CreateDatabaseResponse createDatabase(RequestContext ctx, CreateDatabaseRequest r) {
        if (!store.insert(Scope.of(ctx, r.catalogId()), r.databaseInput(), clock.now())) {
            throw GlueErrors.alreadyExists("Database already exists.");
        }
        return CreateDatabaseResponse.builder().build();
    }

    public GetDatabaseResponse getDatabase(RequestContext ctx, GetDatabaseRequest r) {
        return GetDatabaseResponse.builder().database(store.require(Scope.of(ctx, r.catalogId()), r.name()).toModel()).build();
    }

    public GetDatabasesResponse getDatabases(RequestContext ctx, GetDatabasesRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 100);
        List<CatalogDatabase> page = store.page(Scope.of(ctx, r.catalogId()), PageTokens.decode("databases", r.nextToken()),
                size + 1);
        String next = page.size() > size ? PageTokens.encode("databases", page.get(size - 1).name()) : null;
        return GetDatabasesResponse.builder()
                .databaseList(page.stream().limit(size).map(CatalogDatabase::toModel).toList()).nextToken(next).build();
    }

    public UpdateDatabaseResponse updateDatabase(RequestContext ctx, UpdateDatabaseRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = store.require(scope, r.name());
        try {
            store.update(db.id(), r.databaseInput());
        } catch (DuplicateKeyException e) {
            throw GlueErrors.alreadyExists("Database already exists.");
        }
        return UpdateDatabaseResponse.builder().build();
    }

    /** The catalog was never imported from Athena's own catalog: Glue reports the import as completed. */
    public GetCatalogImportStatusResponse getCatalogImportStatus(RequestContext ctx, GetCatalogImportStatusRequest r) {
        return GetCatalogImportStatusResponse.builder().importStatus(CatalogImportStatus.builder().importCompleted(true)
                .build()).build();
    }

    /** Deletes the database with its tables, partitions and user-defined functions. */
    public DeleteDatabaseResponse deleteDatabase(RequestContext ctx, DeleteDatabaseRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = store.require(scope, r.name());
        tx.executeWithoutResult(s -> {
            store.delete(db.id());
            resources.deleteByPrefix(scope, "function", db.name() + ".");
        });
        return DeleteDatabaseResponse.builder().build();
    }
}
