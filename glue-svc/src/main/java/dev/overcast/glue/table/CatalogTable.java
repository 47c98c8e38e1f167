package dev.overcast.glue.table;

import dev.overcast.common.api.Shapes;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** A stored table: row id, database, name, current version and its input, times. */
public record CatalogTable(long id, long databaseId, String catalog, String database, String name, long versionId,
                           TableInput input, Instant createdAt, Instant updatedAt) {

    public Table toModel() {
        return toModel(input, versionId, updatedAt);
    }

    /** The table as a given version of it reads. */
    public Table toModel(TableInput version, long versionNumber, Instant versionTime) {
        return Shapes.copyMembers(version, Table.builder()).name(name).databaseName(database).catalogId(catalog)
                .createTime(createdAt).updateTime(versionTime).versionId(Long.toString(versionNumber))
                .isRegisteredWithLakeFormation(false).build();
    }

    /** The partition keys, in order ([] for an unpartitioned table). */
    public List<Column> partitionKeys() {
        return input.hasPartitionKeys() ? input.partitionKeys() : List.of();
    }
}
