package dev.overcast.glue.partition;

import dev.overcast.common.api.Shapes;
import dev.overcast.glue.table.CatalogTable;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;

/** A stored partition: row id, values, the input it was created or last updated with, creation time. */
public record CatalogPartition(long id, List<String> values, PartitionInput input, Instant createdAt) {

    public Partition toModel(CatalogTable t, boolean excludeColumns) {
        Partition.Builder b = Shapes.copyMembers(input, Partition.builder()).values(values).databaseName(t.database())
                .tableName(t.name()).catalogId(t.catalog()).creationTime(createdAt);
        if (excludeColumns && input.storageDescriptor() != null) {
            b.storageDescriptor(input.storageDescriptor().toBuilder().columns((List<software.amazon.awssdk.services.glue.model.Column>) null).build());
        }
        return b.build();
    }
}
