package dev.overcast.glue.connection;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Connections: Create/Get/GetConnections/Update/Delete/BatchDeleteConnection. A JDBC connection's properties (URL,
 * user, password) are what a crawler's JDBC target uses.
 */
@AwsApi(api = "glue")
public class ConnectionApi {

    static final String KIND = "connection";

    private final Resources resources;
    private final SuiteClock clock;

    public ConnectionApi(Resources resources, SuiteClock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    public CreateConnectionResponse createConnection(RequestContext ctx, CreateConnectionRequest r) {
        if (!resources.insert(Scope.of(ctx, r.catalogId()), KIND, r.connectionInput().name(), r.connectionInput(), clock.now())) {
            throw GlueErrors.alreadyExists("Connection already exists.");
        }
        return CreateConnectionResponse.builder().createConnectionStatus(ConnectionStatus.READY).build();
    }

    public GetConnectionResponse getConnection(RequestContext ctx, GetConnectionRequest r) {
        Resources.Entry<ConnectionInput> e = resources.get(Scope.of(ctx, r.catalogId()), KIND, r.name(), ConnectionInput.class)
                .orElseThrow(() -> GlueErrors.notFound("Connection", r.name()));
        return GetConnectionResponse.builder().connection(toModel(e, Boolean.TRUE.equals(r.hidePassword()))).build();
    }

    public GetConnectionsResponse getConnections(RequestContext ctx, GetConnectionsRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<ConnectionInput>> page = resources.list(Scope.of(ctx, r.catalogId()), KIND, "",
                PageTokens.decode(KIND, r.nextToken()), size + 1, ConnectionInput.class);
        List<Connection> list = new ArrayList<>();
        for (Resources.Entry<ConnectionInput> e : page.subList(0, Math.min(size, page.size()))) {
            GetConnectionsFilter f = r.filter();
            if (f == null || f.connectionType() == null || f.connectionType().equals(e.doc().connectionType())) {
                list.add(toModel(e, Boolean.TRUE.equals(r.hidePassword())));
            }
        }
        String next = page.size() > size ? PageTokens.encode(KIND, page.get(size - 1).name()) : null;
        return GetConnectionsResponse.builder().connectionList(list).nextToken(next).build();
    }

    public UpdateConnectionResponse updateConnection(RequestContext ctx, UpdateConnectionRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        if (!r.name().equals(r.connectionInput().name())) {
            Resources.Entry<ConnectionInput> old = resources.get(scope, KIND, r.name(), ConnectionInput.class)
                    .orElseThrow(() -> GlueErrors.notFound("Connection", r.name()));
            if (!resources.insert(scope, KIND, r.connectionInput().name(), r.connectionInput(), clock.now())) {
                throw GlueErrors.alreadyExists("Connection already exists.");
            }
            resources.delete(scope, KIND, old.name());
        } else if (!resources.update(scope, KIND, r.name(), r.connectionInput(), clock.now())) {
            throw GlueErrors.notFound("Connection", r.name());
        }
        return UpdateConnectionResponse.builder().build();
    }

    public DeleteConnectionResponse deleteConnection(RequestContext ctx, DeleteConnectionRequest r) {
        if (!resources.delete(Scope.of(ctx, r.catalogId()), KIND, r.connectionName())) {
            throw GlueErrors.notFound("Connection", r.connectionName());
        }
        return DeleteConnectionResponse.builder().build();
    }

    public BatchDeleteConnectionResponse batchDeleteConnection(RequestContext ctx, BatchDeleteConnectionRequest r) {
        Scope scope = Scope.of(ctx, r.catalogId());
        List<String> deleted = new ArrayList<>();
        Map<String, ErrorDetail> errors = new HashMap<>();
        for (String name : r.connectionNameList()) {
            if (resources.delete(scope, KIND, name)) {
                deleted.add(name);
            } else {
                errors.put(name, ErrorDetail.builder().errorCode("EntityNotFoundException")
                        .errorMessage("Connection " + name + " not found.").build());
            }
        }
        return BatchDeleteConnectionResponse.builder().succeeded(deleted).errors(errors).build();
    }

    private static Connection toModel(Resources.Entry<ConnectionInput> e, boolean hidePassword) {
        Connection.Builder b = Shapes.copyMembers(e.doc(), Connection.builder()).creationTime(e.createdAt())
                .lastUpdatedTime(e.updatedAt()).status(ConnectionStatus.READY);
        if (hidePassword && e.doc().hasConnectionProperties()) {
            Map<String, String> props = new HashMap<>(e.doc().connectionPropertiesAsStrings());
            props.remove("PASSWORD");
            b.connectionPropertiesWithStrings(props);
        }
        return b.build();
    }
}
