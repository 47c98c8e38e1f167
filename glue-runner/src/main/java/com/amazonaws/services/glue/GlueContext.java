package com.amazonaws.services.glue;

import com.amazonaws.services.glue.util.JsonOptions;
import dev.overcast.glue.runner.Catalog;
import dev.overcast.glue.runner.FileSource;
import dev.overcast.glue.runner.RunContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Glue's GlueContext for Scala and Java jobs: sources from the Data Catalog ({@code getCatalogSource}) or from S3
 * paths ({@code getSourceWithFormat}), sinks to S3 ({@code getSinkWithFormat}, {@code getSink}) or to a catalog table
 * ({@code getCatalogSink}), with {@code enableUpdateCatalog}. Catalog tables are resolved through the suite's Glue
 * API and their files read from the suite's S3 through s3a.
 */
public class GlueContext {

    private final SparkContext sparkContext;
    private final SparkSession sparkSession;
    private final Catalog catalog;

    public GlueContext(SparkContext sc) {
        this.sparkContext = sc;
        this.sparkSession = SparkSession.builder().getOrCreate();
        this.catalog = new Catalog(RunContext.get().glue());
    }

    public SparkContext sparkContext() {
        return sparkContext;
    }

    public SparkSession sparkSession() {
        return sparkSession;
    }

    public SparkSession getSparkSession() {
        return sparkSession;
    }

    Catalog catalog() {
        return catalog;
    }

    // ---- catalog sources

    public DataSource getCatalogSource(String database, String tableName) {
        return getCatalogSource(database, tableName, "", "", " ", JsonOptions.empty);
    }

    public DataSource getCatalogSource(String database, String tableName, String redshiftTmpDir,
                                       String transformationContext) {
        return getCatalogSource(database, tableName, redshiftTmpDir, transformationContext, " ", JsonOptions.empty);
    }

    public DataSource getCatalogSource(String database, String tableName, String redshiftTmpDir,
                                       String transformationContext, String pushDownPredicate) {
        return getCatalogSource(database, tableName, redshiftTmpDir, transformationContext, pushDownPredicate, JsonOptions.empty);
    }

    /**
     * A catalog table's files: its partitions' locations (those matching {@code pushDownPredicate}, Glue's partition
     * expression), or the table's location when it has no partition keys, in the table's format and with its columns.
     */
    public DataSource getCatalogSource(String database, String tableName, String redshiftTmpDir,
                                       String transformationContext, String pushDownPredicate, JsonOptions additionalOptions) {
        return new DataSource(this, () -> {
            Table table = catalog.table(database, tableName);
            String format = Catalog.format(table);
            StructType columns = Catalog.schema(table.storageDescriptor().columns());
            StructType keys = Catalog.schema(table.partitionKeys());
            List<FileSource.Location> locations = new ArrayList<>();
            if (table.partitionKeys().isEmpty()) {
                locations.add(new FileSource.Location(List.of(s3a(table.storageDescriptor().location())), Map.of()));
            } else {
                for (Partition p : catalog.partitions(database, tableName, pushDownPredicate)) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 0; i < table.partitionKeys().size(); i++) {
                        values.put(table.partitionKeys().get(i).name(), p.values().get(i));
                    }
                    locations.add(new FileSource.Location(List.of(s3a(p.storageDescriptor().location())), values));
                }
            }
            Map<String, String> options = Catalog.readerOptions(table, format);
            options.putAll(FileSource.sparkOptions(format, additionalOptions.asMap()));
            return FileSource.read(sparkSession, format, options, columns, keys, locations, transformationContext);
        });
    }

    // ---- sources and sinks by connection type

    public DataSource getSourceWithFormat(String connectionType, JsonOptions options) {
        return getSourceWithFormat(connectionType, options, "", null, JsonOptions.empty);
    }

    public DataSource getSourceWithFormat(String connectionType, JsonOptions options, String transformationContext,
                                          String format) {
        return getSourceWithFormat(connectionType, options, transformationContext, format, JsonOptions.empty);
    }

    /** An S3 source: the files under {@code options.paths} in {@code format}, its schema inferred. */
    public DataSource getSourceWithFormat(String connectionType, JsonOptions options, String transformationContext,
                                          String format, JsonOptions formatOptions) {
        requireS3(connectionType);
        List<String> paths = options.getStringList("paths");
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("An s3 source needs the option \"paths\" (a list of s3:// paths)");
        }
        return new DataSource(this, () -> {
            Map<String, String> reader = new LinkedHashMap<>();
            if ("csv".equalsIgnoreCase(format)) {
                reader.put("inferSchema", "true");
            }
            reader.putAll(FileSource.sparkOptions(format, formatOptions.asMap()));
            return FileSource.read(sparkSession, format, reader, null, null,
                    List.of(new FileSource.Location(paths.stream().map(GlueContext::s3a).toList(), Map.of())),
                    transformationContext);
        });
    }

    public DataSink getSinkWithFormat(String connectionType, JsonOptions options) {
        return getSinkWithFormat(connectionType, options, "", null, JsonOptions.empty);
    }

    public DataSink getSinkWithFormat(String connectionType, JsonOptions options, String transformationContext,
                                      String format) {
        return getSinkWithFormat(connectionType, options, transformationContext, format, JsonOptions.empty);
    }

    /** An S3 sink: files in {@code format} under {@code options.path}, partitioned by {@code options.partitionKeys}. */
    public DataSink getSinkWithFormat(String connectionType, JsonOptions options, String transformationContext,
                                      String format, JsonOptions formatOptions) {
        requireS3(connectionType);
        DataSink sink = new DataSink(this, options);
        sink.setFormat(format == null ? "parquet" : format, formatOptions);
        return sink;
    }

    public DataSink getSink(String connectionType, JsonOptions options) {
        return getSink(connectionType, options, "");
    }

    public DataSink getSink(String connectionType, JsonOptions options, String transformationContext) {
        requireS3(connectionType);
        return new DataSink(this, options);
    }

    public DataSink getCatalogSink(String database, String tableName) {
        return getCatalogSink(database, tableName, "", "", JsonOptions.empty);
    }

    public DataSink getCatalogSink(String database, String tableName, String redshiftTmpDir, String transformationContext) {
        return getCatalogSink(database, tableName, redshiftTmpDir, transformationContext, JsonOptions.empty);
    }

    /** A catalog table as sink: its location, format and partition keys; with enableUpdateCatalog its schema too. */
    public DataSink getCatalogSink(String database, String tableName, String redshiftTmpDir,
                                   String transformationContext, JsonOptions additionalOptions) {
        Table table = catalog.table(database, tableName);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("path", table.storageDescriptor().location());
        options.put("partitionKeys", table.partitionKeys().stream().map(c -> c.name()).toList());
        DataSink sink = new DataSink(this, new JsonOptions(options).merge(additionalOptions));
        sink.setFormat(Catalog.format(table), JsonOptions.empty);
        sink.setCatalogInfo(database, tableName);
        return sink;
    }

    private static void requireS3(String connectionType) {
        if (!"s3".equalsIgnoreCase(connectionType)) {
            throw new IllegalArgumentException("Connection type " + connectionType + " is not supported by Overcast's"
                    + " Glue runner: s3 is");
        }
    }

    /** s3:// locations are read through s3a (both schemes go to the suite's S3). */
    static String s3a(String location) {
        if (location == null) {
            throw new IllegalArgumentException("The table has no location");
        }
        return location.startsWith("s3://") ? "s3a://" + location.substring(5) : location;
    }
}
