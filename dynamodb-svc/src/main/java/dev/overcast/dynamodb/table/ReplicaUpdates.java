package dev.overcast.dynamodb.table;

import dev.overcast.common.api.RequestContext;
import dev.overcast.dynamodb.schema.TableDef;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/** UpdateTable's ReplicaUpdates (global tables, version 2019.11.21), implemented by the global tables' package. */
public interface ReplicaUpdates {

    /** Applies the request's replica updates to the table and its replicas; the regions of the replicas it created. */
    Set<String> apply(RequestContext ctx, TableDef table, UpdateTableRequest request);
}
