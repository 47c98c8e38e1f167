package dev.overcast.glue.function;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.database.CatalogDatabase;
import dev.overcast.glue.database.DatabaseStore;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.glue.model.*;

/** User-defined functions: Create/Get/Update/Delete/GetUserDefinedFunctions, kept per database as "db.function". */
@AwsApi(api = "glue")
public class FunctionApi {

    static final String KIND = "function";

    private final Resources resources;
    private final DatabaseStore databases;
    private final SuiteClock clock;

    public FunctionApi(Resources resources, DatabaseStore databases, SuiteClock clock) {
        this.resources = resources;
        this.databases = databases;
        this.clock = clock;
    }

    public CreateUserDefinedFunctionResponse createUserDefinedFunction(RequestContext ctx, CreateUserDefinedFunctionRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = databases.require(scope, r.databaseName());
        if (!resources.insert(scope, KIND, db.name() + "." + r.functionInput().functionName(), r.functionInput(), clock.now())) {
            throw GlueErrors.alreadyExists("Function already exists.");
        }
        return CreateUserDefinedFunctionResponse.builder().build();
    }

    public GetUserDefinedFunctionResponse getUserDefinedFunction(RequestContext ctx, GetUserDefinedFunctionRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = databases.require(scope, r.databaseName());
        Resources.Entry<UserDefinedFunctionInput> e = resources.get(scope, KIND, db.name() + "." + r.functionName(),
                UserDefinedFunctionInput.class).orElseThrow(() -> GlueErrors.notFound("Function", r.functionName()));
        return GetUserDefinedFunctionResponse.builder().userDefinedFunction(toModel(scope, db.name(), e)).build();
    }

    public GetUserDefinedFunctionsResponse getUserDefinedFunctions(RequestContext ctx, GetUserDefinedFunctionsRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        String prefix = "";
        if (r.databaseName() != null) {
            prefix = databases.require(scope, r.databaseName()).name() + ".";
        }
        Pattern pattern = Pattern.compile(r.pattern().replace("*", ".*"));
        int size = PageTokens.size(r.maxResults(), 100, 100);
        List<Resources.Entry<UserDefinedFunctionInput>> all = resources.list(scope, KIND, prefix,
                PageTokens.decode(KIND, r.nextToken()), Integer.MAX_VALUE, UserDefinedFunctionInput.class).stream()
                .filter(e -> pattern.matcher(e.doc().functionName()).matches()).toList();
        List<Resources.Entry<UserDefinedFunctionInput>> page = all.subList(0, Math.min(size, all.size()));
        String next = all.size() > size ? PageTokens.encode(KIND, page.get(size - 1).name()) : null;
        return GetUserDefinedFunctionsResponse.builder().userDefinedFunctions(page.stream()
                .map(e -> toModel(scope, e.name().substring(0, e.name().indexOf('.')), e)).toList()).nextToken(next).build();
    }

    public UpdateUserDefinedFunctionResponse updateUserDefinedFunction(RequestContext ctx, UpdateUserDefinedFunctionRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = databases.require(scope, r.databaseName());
        if (!resources.update(scope, KIND, db.name() + "." + r.functionName(), r.functionInput(), clock.now())) {
            throw GlueErrors.notFound("Function", r.functionName());
        }
        return UpdateUserDefinedFunctionResponse.builder().build();
    }

    public DeleteUserDefinedFunctionResponse deleteUserDefinedFunction(RequestContext ctx, DeleteUserDefinedFunctionRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        CatalogDatabase db = databases.require(scope, r.databaseName());
        if (!resources.delete(scope, KIND, db.name() + "." + r.functionName())) {
            throw GlueErrors.notFound("Function", r.functionName());
        }
        return DeleteUserDefinedFunctionResponse.builder().build();
    }

    private static UserDefinedFunction toModel(Scope scope, String database, Resources.Entry<UserDefinedFunctionInput> e) {
        return Shapes.copyMembers(e.doc(), UserDefinedFunction.builder()).databaseName(database)
                .createTime(e.createdAt()).catalogId(scope.catalog()).build();
    }
}
