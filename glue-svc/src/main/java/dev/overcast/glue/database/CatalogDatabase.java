package dev.overcast.glue.database;

import dev.overcast.common.api.Shapes;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;

/** A stored database: its row id, scope, name, the input it was created or last updated with, and creation time. */
public record CatalogDatabase(long id, Scope scope, String name, DatabaseInput input, Instant createdAt) {

    public Database toModel() {
        return Shapes.copyMembers(input, Database.builder()).name(name).createTime(createdAt)
                .catalogId(scope.catalog()).build();
    }
}
