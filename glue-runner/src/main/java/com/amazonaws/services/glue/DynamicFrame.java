package com.amazonaws.services.glue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import scala.Product4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Glue's DynamicFrame over a Spark DataFrame: {@code toDF}, {@code DynamicFrame(df, glueContext)} / {@code fromDF},
 * {@code applyMapping}, {@code join}, {@code selectFields}, {@code dropFields}, {@code renameField}, with the semantics
 * Glue documents. Scala jobs pass Scala sequences, Java jobs Java lists.
 */
public final class DynamicFrame {

    private final Dataset<Row> df;
    private final GlueContext glueContext;

    public DynamicFrame(Dataset<Row> df, GlueContext glueContext) {
        this.df = df;
        this.glueContext = glueContext;
    }

    public static DynamicFrame apply(Dataset<Row> df, GlueContext glueContext) {
        return new DynamicFrame(df, glueContext);
    }

    public static DynamicFrame fromDF(Dataset<Row> df, GlueContext glueContext, String name) {
        return new DynamicFrame(df, glueContext);
    }

    public Dataset<Row> toDF() {
        return df;
    }

    public GlueContext glueContext() {
        return glueContext;
    }

    public long count() {
        return df.count();
    }

    public void printSchema() {
        df.printSchema();
    }

    public void show(int numRows) {
        df.show(numRows);
    }

    public void show() {
        show(20);
    }

    /**
     * ApplyMapping: the output has exactly the mapped fields, each {@code (sourcePath, sourceType, targetPath,
     * targetType)} read from its source path (dots reach into structs) and cast to the target type.
     */
    public DynamicFrame applyMapping(scala.collection.Seq<? extends Product4<String, String, String, String>> mappings,
                                     boolean caseSensitive, String transformationContext) {
        List<String[]> list = new ArrayList<>();
        CollectionConverters.asJava(mappings).forEach(m -> list.add(new String[]{m._1(), m._2(), m._3(), m._4()}));
        return map(list, caseSensitive);
    }

    public DynamicFrame applyMapping(scala.collection.Seq<? extends Product4<String, String, String, String>> mappings) {
        return applyMapping(mappings, true, "");
    }

    /** Java jobs: the mappings as {@code {sourcePath, sourceType, targetPath, targetType}} arrays. */
    public DynamicFrame applyMapping(List<String[]> mappings, boolean caseSensitive, String transformationContext) {
        return map(mappings, caseSensitive);
    }

    public DynamicFrame applyMapping(List<String[]> mappings) {
        return map(mappings, true);
    }

    private DynamicFrame map(List<String[]> mappings, boolean caseSensitive) {
        List<Column> columns = new ArrayList<>();
        for (String[] m : mappings) {
            if (m.length != 4) {
                throw new IllegalArgumentException("A mapping is (sourcePath, sourceType, targetPath, targetType): "
                        + String.join(", ", m));
            }
            String source = caseSensitive ? m[0] : resolve(m[0]);
            columns.add(functions.col(quote(source)).cast(DataType.fromDDL(m[3])).as(m[2]));
        }
        return new DynamicFrame(df.select(columns.toArray(Column[]::new)), glueContext);
    }

    private String resolve(String path) {
        for (String f : df.columns()) {
            if (f.equalsIgnoreCase(path)) {
                return f;
            }
        }
        return path;
    }

    /** A path with dots reaching into structs; each name quoted so that other characters stay literal. */
    private static String quote(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("\\.")) {
            parts.add("`" + p.replace("`", "``") + "`");
        }
        return String.join(".", parts);
    }

    /** Join: an equality join of this frame's {@code keys1} with {@code frame2}'s {@code keys2}. */
    public DynamicFrame join(scala.collection.Seq<String> keys1, scala.collection.Seq<String> keys2, DynamicFrame frame2,
                             String transformationContext) {
        return join(CollectionConverters.asJava(keys1), CollectionConverters.asJava(keys2), frame2, transformationContext);
    }

    public DynamicFrame join(scala.collection.Seq<String> keys1, scala.collection.Seq<String> keys2, DynamicFrame frame2) {
        return join(keys1, keys2, frame2, "");
    }

    public DynamicFrame join(List<String> keys1, List<String> keys2, DynamicFrame frame2) {
        return join(keys1, keys2, frame2, "");
    }

    public DynamicFrame join(List<String> keys1, List<String> keys2, DynamicFrame frame2, String transformationContext) {
        if (keys1.size() != keys2.size() || keys1.isEmpty()) {
            throw new IllegalArgumentException("join needs as many keys of the second frame as of the first: " + keys1
                    + " and " + keys2);
        }
        Dataset<Row> left = df.alias("l");
        Dataset<Row> right = frame2.df.alias("r");
        Column on = null;
        for (int i = 0; i < keys1.size(); i++) {
            Column eq = left.col(quote(keys1.get(i))).equalTo(right.col(quote(keys2.get(i))));
            on = on == null ? eq : on.and(eq);
        }
        Dataset<Row> joined = left.join(right, on, "inner");
        // a field both sides have (a key of the same name) is kept once, from the first frame
        List<Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : df.columns()) {
            columns.add(left.col(quote(c)));
            names.add(c);
        }
        for (String c : frame2.df.columns()) {
            if (!names.contains(c)) {
                columns.add(right.col(quote(c)));
                names.add(c);
            }
        }
        return new DynamicFrame(joined.select(columns.toArray(Column[]::new)), glueContext);
    }

    public DynamicFrame selectFields(scala.collection.Seq<String> paths) {
        return selectFields(CollectionConverters.asJava(paths));
    }

    public DynamicFrame selectFields(List<String> paths) {
        return new DynamicFrame(df.select(paths.stream().map(p -> functions.col(quote(p))).toArray(Column[]::new)), glueContext);
    }

    public DynamicFrame dropFields(scala.collection.Seq<String> paths) {
        return dropFields(CollectionConverters.asJava(paths));
    }

    public DynamicFrame dropFields(List<String> paths) {
        return new DynamicFrame(df.drop(paths.toArray(String[]::new)), glueContext);
    }

    public DynamicFrame renameField(String oldName, String newName) {
        return new DynamicFrame(df.withColumnRenamed(oldName, newName), glueContext);
    }

    public DynamicFrame repartition(int numPartitions) {
        return new DynamicFrame(df.repartition(numPartitions), glueContext);
    }

    public DynamicFrame coalesce(int numPartitions) {
        return new DynamicFrame(df.coalesce(numPartitions), glueContext);
    }
}
