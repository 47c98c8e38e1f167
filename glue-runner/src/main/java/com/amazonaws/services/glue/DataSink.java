package com.amazonaws.services.glue;

import com.amazonaws.services.glue.util.JsonOptions;
import dev.overcast.glue.runner.FileSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;

/**
 * Where a frame is written: files under {@code path} in the sink's format (Parquet with Snappy by default),
 * Hive-style folders for {@code partitionKeys}; with {@code enableUpdateCatalog} and catalog info
 * ({@code setCatalogInfo} or a catalog sink) the table is created or updated and the partitions written are added.
 */
public final class DataSink {

    private final GlueContext context;
    private final JsonOptions options;
    private String format = "parquet";
    private JsonOptions formatOptions = JsonOptions.empty;
    private String database;
    private String table;

    DataSink(GlueContext context, JsonOptions options) {
        this.context = context;
        this.options = options;
    }

    public void setFormat(String format, JsonOptions formatOptions) {
        this.format = format;
        this.formatOptions = formatOptions == null ? JsonOptions.empty : formatOptions;
    }

    public void setFormat(String format) {
        setFormat(format, JsonOptions.empty);
    }

    public void setCatalogInfo(String catalogDatabase, String catalogTableName) {
        this.database = catalogDatabase;
        this.table = catalogTableName;
    }

    public void setCatalogInfo(String catalogDatabase, String catalogTableName, String catalogId) {
        setCatalogInfo(catalogDatabase, catalogTableName);
    }

    public DynamicFrame writeDynamicFrame(DynamicFrame frame) {
        String path = options.getOption("path");
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("An s3 sink needs the option \"path\" (an s3:// path)");
        }
        String location = path.endsWith("/") ? path : path + "/";
        List<String> keys = options.getStringList("partitionKeys");
        String sparkFormat = FileSource.sparkFormat(format);
        boolean updateCatalog = options.getBoolean("enableUpdateCatalog", false) && database != null;
        if (updateCatalog && !sparkFormat.equals("parquet")) {
            throw new IllegalArgumentException("enableUpdateCatalog writes Parquet (glueparquet) tables; the format is " + format);
        }
        Dataset<Row> df = frame.toDF();
        if (updateCatalog && !keys.isEmpty()) {
            df = df.persist(); // written and then asked for the partitions written: read once
        }
        try {
            var writer = df.write().mode(SaveMode.Append).format(sparkFormat)
                    .options(FileSource.sparkOptions(format, formatOptions.asMap()));
            if (sparkFormat.equals("parquet") && !formatOptions.asMap().containsKey("compression")) {
                writer = writer.option("compression", "snappy");
            }
            if (!keys.isEmpty()) {
                writer = writer.partitionBy(keys.toArray(String[]::new));
            }
            writer.save(GlueContext.s3a(location));
            if (updateCatalog) {
                List<List<String>> written = new ArrayList<>();
                if (!keys.isEmpty()) {
                    Column[] columns = keys.stream().map(k -> functions.col(k).cast("string")).toArray(Column[]::new);
                    for (Row r : df.select(columns).distinct().collectAsList()) {
                        List<String> values = new ArrayList<>();
                        for (int i = 0; i < keys.size(); i++) {
                            values.add(r.isNullAt(i) ? "__HIVE_DEFAULT_PARTITION__" : r.getString(i));
                        }
                        written.add(values);
                    }
                }
                String behavior = options.getString("updateBehavior", "UPDATE_IN_DATABASE");
                context.catalog().update(database, table, location, df.schema(), keys, written,
                        behavior.equals("UPDATE_IN_DATABASE"));
            }
        } finally {
            if (updateCatalog && !keys.isEmpty()) {
                df.unpersist();
            }
        }
        return frame;
    }

    Map<String, Object> options() {
        return options.asMap();
    }
}
