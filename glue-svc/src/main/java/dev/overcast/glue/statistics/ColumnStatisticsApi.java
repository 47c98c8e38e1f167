package dev.overcast.glue.statistics;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.partition.PartitionStore;
import dev.overcast.glue.store.Scope;
import dev.overcast.glue.table.CatalogTable;
import dev.overcast.glue.table.TableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Column statistics of tables and partitions: Update/Get/DeleteColumnStatisticsForTable and ...ForPartition. A
 * column must be one of the table's columns (partition keys included).
 */
@AwsApi(api = "glue")
public class ColumnStatisticsApi {

    private final TableStore tables;
    private final PartitionStore partitions;
    private final JdbcClient jdbc;

    public ColumnStatisticsApi(TableStore tables, PartitionStore partitions, JdbcClient jdbc) {
        this.tables = tables;
        this.partitions = partitions;
        this.jdbc = jdbc;
    }

    public UpdateColumnStatisticsForTableResponse updateColumnStatisticsForTable(RequestContext ctx,
                                                                                 UpdateColumnStatisticsForTableRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        return UpdateColumnStatisticsForTableResponse.builder().errors(put(t, 0, r.columnStatisticsList())).build();
    }

    public UpdateColumnStatisticsForPartitionResponse updateColumnStatisticsForPartition(
            RequestContext ctx, UpdateColumnStatisticsForPartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        return UpdateColumnStatisticsForPartitionResponse.builder()
                .errors(put(t, partition(t, r.partitionValues()), r.columnStatisticsList())).build();
    }

    public GetColumnStatisticsForTableResponse getColumnStatisticsForTable(RequestContext ctx,
                                                                           GetColumnStatisticsForTableRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        List<ColumnStatistics> found = new ArrayList<>();
        List<ColumnError> errors = new ArrayList<>();
        get(t, 0, r.columnNames(), found, errors);
        return GetColumnStatisticsForTableResponse.builder().columnStatisticsList(found).errors(errors).build();
    }

    public GetColumnStatisticsForPartitionResponse getColumnStatisticsForPartition(
            RequestContext ctx, GetColumnStatisticsForPartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        List<ColumnStatistics> found = new ArrayList<>();
        List<ColumnError> errors = new ArrayList<>();
        get(t, partition(t, r.partitionValues()), r.columnNames(), found, errors);
        return GetColumnStatisticsForPartitionResponse.builder().columnStatisticsList(found).errors(errors).build();
    }

    public DeleteColumnStatisticsForTableResponse deleteColumnStatisticsForTable(RequestContext ctx,
                                                                                 DeleteColumnStatisticsForTableRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        delete(t, 0, r.columnName());
        return DeleteColumnStatisticsForTableResponse.builder().build();
    }

    public DeleteColumnStatisticsForPartitionResponse deleteColumnStatisticsForPartition(
            RequestContext ctx, DeleteColumnStatisticsForPartitionRequest r) {
        CatalogTable t = tables.require(Scope.of(ctx, r.catalogId()), r.databaseName(), r.tableName());
        delete(t, partition(t, r.partitionValues()), r.columnName());
        return DeleteColumnStatisticsForPartitionResponse.builder().build();
    }

    private long partition(CatalogTable t, List<String> values) {
        return partitions.find(t.id(), values).orElseThrow(() -> GlueErrors.entityNotFound("Cannot find partition.")).id();
    }

    private List<ColumnStatisticsError> put(CatalogTable t, long partitionId, List<ColumnStatistics> list) {
        List<ColumnStatisticsError> errors = new ArrayList<>();
        for (ColumnStatistics s : list) {
            if (!hasColumn(t, s.columnName())) {
                errors.add(ColumnStatisticsError.builder().columnStatistics(s).error(ErrorDetail.builder()
                        .errorCode("EntityNotFoundException").errorMessage("Column " + s.columnName() + " not found.")
                        .build()).build());
                continue;
            }
            jdbc.sql("""
                            insert into column_statistics (table_id, partition_id, column_name, doc) values (:t, :p, :c, cast(:doc as jsonb))
                            on conflict (table_id, partition_id, column_name) do update set doc = excluded.doc""")
                    .param("t", t.id()).param("p", partitionId).param("c", s.columnName())
                    .param("doc", ModelJson.write(s)).update();
        }
        return errors;
    }

    private void get(CatalogTable t, long partitionId, List<String> columns, List<ColumnStatistics> found,
                     List<ColumnError> errors) {
        for (String c : columns) {
            Optional<String> doc = jdbc.sql("""
                            select doc::text from column_statistics where table_id = :t and partition_id = :p and column_name = :c""")
                    .param("t", t.id()).param("p", partitionId).param("c", c).query(String.class).optional();
            if (doc.isPresent()) {
                found.add(ModelJson.read(doc.get(), ColumnStatistics.class));
            } else {
                errors.add(ColumnError.builder().columnName(c).error(ErrorDetail.builder()
                        .errorCode("EntityNotFoundException").errorMessage("Column statistics of " + c + " not found.")
                        .build()).build());
            }
        }
    }

    private void delete(CatalogTable t, long partitionId, String column) {
        if (!hasColumn(t, column)) {
            throw GlueErrors.entityNotFound("Column " + column + " not found.");
        }
        jdbc.sql("delete from column_statistics where table_id = :t and partition_id = :p and column_name = :c")
                .param("t", t.id()).param("p", partitionId).param("c", column).update();
    }

    private static boolean hasColumn(CatalogTable t, String column) {
        List<Column> columns = new ArrayList<>(t.partitionKeys());
        if (t.input().storageDescriptor() != null && t.input().storageDescriptor().hasColumns()) {
            columns.addAll(t.input().storageDescriptor().columns());
        }
        return columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column));
    }
}
