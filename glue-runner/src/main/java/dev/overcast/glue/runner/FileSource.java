package dev.overcast.glue.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Files read by Spark as Glue reads a source: the data files under the given paths (recursively; Hadoop's hidden
 * {@code _}/{@code .} files left out), minus those job bookmarks say were processed, in the source's format.
 */
public final class FileSource {

    private FileSource() {
    }

    /** One place to read: its paths, and the partition values its rows get as columns (none for an unpartitioned one). */
    public record Location(List<String> paths, Map<String, String> partitionValues) {
    }

    /**
     * Reads the locations in {@code format} ({@code csv}, {@code json}, {@code parquet}, {@code orc}), with the
     * catalog's schema when known; the partition columns are added with their (typed) values.
     */
    public static Dataset<Row> read(SparkSession spark, String format, Map<String, String> formatOptions,
                                    StructType schema, StructType partitionSchema, List<Location> locations,
                                    String transformationContext) {
        String sparkFormat = sparkFormat(format);
        Dataset<Row> result = null;
        for (Location location : locations) {
            List<String> files = new ArrayList<>();
            for (String p : location.paths()) {
                files.addAll(list(spark, p));
            }
            files = RunContext.bookmarks().unprocessed(transformationContext, files);
            if (files.isEmpty()) {
                continue;
            }
            DataFrameReader reader = spark.read().format(sparkFormat).options(formatOptions);
            if (schema != null && !schema.isEmpty()) {
                reader = reader.schema(schema);
            }
            Dataset<Row> part = reader.load(files.toArray(String[]::new));
            if (partitionSchema != null) {
                for (var field : partitionSchema.fields()) {
                    Column value = functions.lit(location.partitionValues().get(field.name())).cast(field.dataType());
                    part = part.withColumn(field.name(), value);
                }
            }
            result = result == null ? part : result.unionByName(part, true);
        }
        if (result == null) { // nothing (left) to read: no rows, with the columns the source has
            StructType all = schema == null ? new StructType() : schema;
            if (partitionSchema != null) {
                for (var field : partitionSchema.fields()) {
                    all = all.add(field);
                }
            }
            result = spark.createDataFrame(List.of(), all);
        }
        return result;
    }

    public static String sparkFormat(String format) {
        String f = format == null ? "" : format.toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "csv", "json", "parquet", "orc", "text" -> f;
            case "glueparquet" -> "parquet";
            default -> throw new IllegalArgumentException("Format " + format + " is not supported by Overcast's Glue"
                    + " runner: csv, json, parquet (glueparquet), orc and text are");
        };
    }

    /** Spark's options for Glue's format options (withHeader, separator, quoteChar, multiline). */
    public static Map<String, String> sparkOptions(String format, Map<String, Object> glueOptions) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        glueOptions.forEach((k, v) -> {
            switch (k) {
                case "withHeader" -> options.put("header", v.toString());
                case "separator" -> options.put("sep", v.toString());
                case "quoteChar" -> options.put("quote", v.toString());
                case "escaper" -> options.put("escape", v.toString());
                case "multiline", "multiLine" -> options.put("multiLine", v.toString());
                default -> options.put(k, v.toString());
            }
        });
        return options;
    }

    /** The data files under a path (a file itself, or every file below a folder), as s3a sees them. */
    static List<String> list(SparkSession spark, String location) {
        Path root = new Path(location);
        List<String> files = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                return files;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                String name = f.getPath().getName();
                if (!name.startsWith("_") && !name.startsWith(".") && !name.endsWith("$folder$") && f.getLen() > 0) {
                    files.add(f.getPath().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + location, e);
        }
        files.sort(null);
        return files;
    }
}
