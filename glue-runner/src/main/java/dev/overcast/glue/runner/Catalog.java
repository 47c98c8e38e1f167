package dev.overcast.glue.runner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The Data Catalog through the suite's Glue API: tables and partitions read for sources, written for sinks. */
public final class Catalog {

    private final GlueClient glue;

    public Catalog(GlueClient glue) {
        this.glue = glue;
    }

    public Table table(String database, String table) {
        return glue.getTable(b -> b.databaseName(database).name(table)).table();
    }

    /** Every partition of the table, matching Glue's partition predicate when one is given. */
    public List<Partition> partitions(String database, String table, String expression) {
        List<Partition> all = new ArrayList<>();
        glue.getPartitionsPaginator(b -> b.databaseName(database).tableName(table)
                .expression(expression == null || expression.isBlank() ? null : expression)).stream()
                .flatMap(page -> page.partitions().stream()).forEach(all::add);
        return all;
    }

    /** The Spark schema of catalog columns (Hive type names, which Spark's DDL parser reads). */
    public static StructType schema(List<Column> columns) {
        StructType schema = new StructType();
        for (Column c : columns) {
            schema = schema.add(c.name(), DataType.fromDDL(c.type()), true);
        }
        return schema;
    }

    /** A source's format from its table: the classification, else what its SerDe says. */
    public static String format(Table t) {
        String classification = t.parameters() == null ? null : t.parameters().get("classification");
        if (classification != null) {
            return classification;
        }
        String serde = t.storageDescriptor().serdeInfo() == null ? "" : String.valueOf(t.storageDescriptor().serdeInfo().serializationLibrary());
        if (serde.contains("Parquet")) {
            return "parquet";
        } else if (serde.contains("Json")) {
            return "json";
        } else if (serde.contains("Orc")) {
            return "orc";
        }
        return "csv";
    }

    /** Spark's reader options for a catalog table: the CSV delimiter and header line. */
    public static Map<String, String> readerOptions(Table t, String format) {
        Map<String, String> options = new LinkedHashMap<>();
        if (format.equals("csv")) {
            SerDeInfo serde = t.storageDescriptor().serdeInfo();
            String delimiter = serde == null || serde.parameters() == null ? null : serde.parameters().get("field.delim");
            options.put("sep", delimiter == null ? "," : delimiter);
            String skip = t.parameters() == null ? null : t.parameters().get("skip.header.line.count");
            options.put("header", Boolean.toString(skip != null && !skip.equals("0")));
        }
        return options;
    }

    /**
     * enableUpdateCatalog: creates the table (or updates its columns) for Parquet files written under
     * {@code location}, and adds the partitions written that the catalog does not have.
     */
    public void update(String database, String table, String location, StructType written, List<String> partitionKeys,
                       List<List<String>> partitionValues, boolean updateSchema) {
        List<Column> columns = new ArrayList<>();
        List<Column> keys = new ArrayList<>();
        for (StructField f : written.fields()) {
            Column c = Column.builder().name(f.name().toLowerCase(java.util.Locale.ROOT)).type(f.dataType().catalogString()).build();
            (partitionKeys.contains(f.name()) ? keys : columns).add(c);
        }
        keys.sort(java.util.Comparator.comparingInt(c -> lowerIndex(partitionKeys, c.name())));
        StorageDescriptor sd = parquet(location, columns);
        Map<String, String> params = Map.of("classification", "parquet", "typeOfData", "file",
                "compressionType", "snappy", "UPDATED_BY_JOB", RunContext.get().jobName());
        TableInput input = TableInput.builder().name(table).tableType("EXTERNAL_TABLE").parameters(params)
                .partitionKeys(keys).storageDescriptor(sd).build();
        Table existing;
        try {
            existing = table(database, table);
        } catch (EntityNotFoundException e) {
            existing = null;
        }
        if (existing == null) {
            try {
                glue.createTable(b -> b.databaseName(database).tableInput(input));
            } catch (AlreadyExistsException e) {
                existing = table(database, table);
            }
        }
        if (existing != null && updateSchema) {
            glue.updateTable(b -> b.databaseName(database).tableInput(input));
        }
        if (partitionValues.isEmpty()) {
            return;
        }
        Set<List<String>> have = new HashSet<>();
        partitions(database, table, null).forEach(p -> have.add(p.values()));
        List<PartitionInput> missing = new ArrayList<>();
        for (List<String> values : partitionValues) {
            if (have.add(values)) {
                StringBuilder path = new StringBuilder(location.endsWith("/") ? location : location + "/");
                for (int i = 0; i < values.size(); i++) {
                    path.append(keys.get(i).name()).append('=').append(values.get(i)).append('/');
                }
                missing.add(PartitionInput.builder().values(values).parameters(params)
                        .storageDescriptor(parquet(path.toString(), columns)).build());
            }
        }
        for (int i = 0; i < missing.size(); i += 100) {
            List<PartitionInput> batch = missing.subList(i, Math.min(missing.size(), i + 100));
            var errors = glue.batchCreatePartition(b -> b.databaseName(database).tableName(table).partitionInputList(batch)).errors();
            errors.stream().filter(e -> !"AlreadyExistsException".equals(e.errorDetail().errorCode())).findFirst().ifPresent(e -> {
                throw new IllegalStateException("Could not add partition " + e.partitionValues() + " to " + database + "."
                        + table + ": " + e.errorDetail().errorMessage());
            });
        }
    }

    private static int lowerIndex(List<String> keys, String name) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return keys.size();
    }

    private static StorageDescriptor parquet(String location, List<Column> columns) {
        return StorageDescriptor.builder().location(location).columns(columns)
                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat").compressed(true)
                .serdeInfo(SerDeInfo.builder().serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                        .parameters(Map.of("serialization.format", "1")).build()).build();
    }
}
