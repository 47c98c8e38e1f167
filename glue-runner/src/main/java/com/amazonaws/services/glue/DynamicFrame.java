package com.amazonaws.services.glue;

import java.util.ArrayList;
import java.util.List;
import com.amazonaws.services.glue.util.JsonOptions;
import dev.overcast.glue.runner.Frames;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import scala.Product4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Glue's DynamicFrame over a Spark DataFrame: {@code toDF}, {@code DynamicFrame(df, glueContext)} / {@code fromDF},
 * {@code applyMapping}, {@code join}, {@code selectFields}, {@code dropFields}, {@code renameField}, {@code filter},
 * {@code map}, {@code resolveChoice}, {@code relationalize}, {@code unnest}, {@code spigot}, {@code dropNullFields},
 * {@code splitFields}, {@code unbox}, with the semantics Glue documents. Scala jobs pass Scala sequences and
 * functions, Java jobs Java lists.
 */
public final class DynamicFrame {

    private final Dataset<Row> df;
    private final GlueContext glueContext;
    private final String name;

    public DynamicFrame(Dataset<Row> df, GlueContext glueContext) {
        this(df, glueContext, "");
    }

    DynamicFrame(Dataset<Row> df, GlueContext glueContext, String name) {
        this.df = df;
        this.glueContext = glueContext;
        this.name = name == null ? "" : name;
    }

    /** The frame's name: a relationalize or splitFields result's, or the one given to fromDF. */
    public String getName() {
        return name;
    }

    public String name() {
        return name;
    }

    public DynamicFrame withName(String newName) {
        return new DynamicFrame(df, glueContext, newName);
    }

    private DynamicFrame with(Dataset<Row> result) {
        return new DynamicFrame(result, glueContext, name);
    }

    public static DynamicFrame apply(Dataset<Row> df, GlueContext glueContext) {
        return new DynamicFrame(df, glueContext);
    }

    public static DynamicFrame fromDF(Dataset<Row> df, GlueContext glueContext, String name) {
        return new DynamicFrame(df, glueContext, name);
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
            columns.add(functions.col(Frames.quote(source)).cast(DataType.fromDDL(m[3])).as(m[2]));
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
            Column eq = left.col(Frames.quote(keys1.get(i))).equalTo(right.col(Frames.quote(keys2.get(i))));
            on = on == null ? eq : on.and(eq);
        }
        Dataset<Row> joined = left.join(right, on, "inner");
        // a field both sides have (a key of the same name) is kept once, from the first frame
        List<Column> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : df.columns()) {
            columns.add(left.col(Frames.quote(c)));
            names.add(c);
        }
        for (String c : frame2.df.columns()) {
            if (!names.contains(c)) {
                columns.add(right.col(Frames.quote(c)));
                names.add(c);
            }
        }
        return new DynamicFrame(joined.select(columns.toArray(Column[]::new)), glueContext);
    }

    public DynamicFrame selectFields(scala.collection.Seq<String> paths, String transformationContext) {
        return selectFields(CollectionConverters.asJava(paths));
    }

    public DynamicFrame selectFields(scala.collection.Seq<String> paths) {
        return selectFields(CollectionConverters.asJava(paths));
    }

    /** SelectFields: only the fields at {@code paths} (a nested path keeps its leaf, named by it). */
    public DynamicFrame selectFields(List<String> paths) {
        return with(df.select(paths.stream().map(this::column).toArray(Column[]::new)));
    }

    /** A field by path: a top-level field so named (dots and all), else a path into structs. */
    private Column column(String path) {
        return List.of(df.columns()).contains(path) ? Frames.top(path) : functions.col(Frames.quote(path));
    }

    public DynamicFrame dropFields(scala.collection.Seq<String> paths, String transformationContext) {
        return dropFields(CollectionConverters.asJava(paths));
    }

    public DynamicFrame dropFields(scala.collection.Seq<String> paths) {
        return dropFields(CollectionConverters.asJava(paths));
    }

    /** DropFields: the fields at {@code paths} are removed (a nested path from its struct); missing ones are ignored. */
    public DynamicFrame dropFields(List<String> paths) {
        Dataset<Row> out = df;
        for (String path : paths) {
            if (List.of(out.columns()).contains(path)) {
                out = out.drop(Frames.top(path));
            } else if (path.contains(".") && hasPath(out, path)) {
                String parent = path.substring(0, path.lastIndexOf('.'));
                String leaf = path.substring(path.lastIndexOf('.') + 1);
                out = Frames.replace(out, parent, c -> Frames.dropField(c, leaf));
            }
        }
        return with(out);
    }

    private static boolean hasPath(Dataset<Row> df, String path) {
        try {
            Frames.typeAt(df.schema(), path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public DynamicFrame renameField(String oldName, String newName, String transformationContext) {
        return renameField(oldName, newName);
    }

    /**
     * RenameField: the field at {@code oldName} takes the name {@code newName}; a nested field is renamed within its
     * struct (newName's last part is its new name).
     */
    public DynamicFrame renameField(String oldName, String newName) {
        if (List.of(df.columns()).contains(oldName) || !oldName.contains(".")) {
            return with(df.withColumnRenamed(oldName, newName));
        }
        if (!hasPath(df, oldName)) {
            return this;
        }
        String parent = oldName.substring(0, oldName.lastIndexOf('.'));
        String leaf = oldName.substring(oldName.lastIndexOf('.') + 1);
        String target = newName.substring(newName.lastIndexOf('.') + 1);
        Column value = functions.col(Frames.quote(oldName));
        Dataset<Row> renamed = Frames.replace(df, parent, c -> c.withField("`" + target.replace("`", "``") + "`", value));
        return with(Frames.replace(renamed, parent, c -> Frames.dropField(c, leaf)));
    }

    // ---- record-level transforms

    /** Filter: the records for which {@code f} is true. */
    public DynamicFrame filter(scala.Function1<DynamicRecord, Object> f, String errorMsg, String transformationContext) {
        return filter(f);
    }

    public DynamicFrame filter(scala.Function1<DynamicRecord, Object> f) {
        StructType schema = df.schema();
        return with(df.filter((FilterFunction<Row>) row -> Boolean.TRUE.equals(f.apply(DynamicRecord.of(row, schema)))));
    }

    /**
     * Map: each record through {@code f}; the frame's schema is computed again from the records it returns (fields
     * kept keep their types). Records {@code f} marks as errors ({@code setError}) or returns null for are left out.
     */
    public DynamicFrame map(scala.Function1<DynamicRecord, DynamicRecord> f, String errorMsg, String transformationContext) {
        return map(f);
    }

    public DynamicFrame map(scala.Function1<DynamicRecord, DynamicRecord> f) {
        StructType schema = df.schema();
        Dataset<String> json = df.map((MapFunction<Row, String>) row -> {
            DynamicRecord r = f.apply(DynamicRecord.of(row, schema));
            return r == null || r.isError() ? null : r.toJson();
        }, Encoders.STRING()).filter((FilterFunction<String>) j -> j != null);
        return with(Frames.fromJson(df.sparkSession(), json, schema));
    }

    /** ResolveChoice with one action for every field: {@code choiceOption} cast:T, project:T, make_cols, make_struct. */
    public DynamicFrame resolveChoice(ChoiceOption choiceOption) {
        List<String[]> specs = new ArrayList<>();
        for (String c : df.columns()) {
            specs.add(new String[]{c, choiceOption.choice()});
        }
        return resolve(specs, null, null);
    }

    /** ResolveChoice: each {@code (path, action)} spec, e.g. {@code ("price", "cast:double")}. */
    public DynamicFrame resolveChoice(scala.collection.Seq<? extends scala.Product2<String, String>> specs) {
        return resolveChoice(specs, scala.Option.empty(), scala.Option.empty(), scala.Option.empty(), "");
    }

    /**
     * ResolveChoice as Glue's Scala API has it: specs, or one choiceOption for all fields; {@code match_catalog}
     * with the database and table casts the fields to the catalog table's types.
     */
    public DynamicFrame resolveChoice(scala.collection.Seq<? extends scala.Product2<String, String>> specs,
                                      scala.Option<ChoiceOption> choiceOption, scala.Option<String> database,
                                      scala.Option<String> tableName, String transformationContext) {
        List<String[]> list = new ArrayList<>();
        CollectionConverters.asJava(specs).forEach(p -> list.add(new String[]{p._1(), p._2()}));
        if (list.isEmpty() && choiceOption.isDefined()) {
            for (String c : df.columns()) {
                list.add(new String[]{c, choiceOption.get().choice()});
            }
        }
        return resolve(list, database.isDefined() ? database.get() : null, tableName.isDefined() ? tableName.get() : null);
    }

    /** Java jobs: specs as {@code {path, action}} arrays. */
    public DynamicFrame resolveChoice(List<String[]> specs, String database, String tableName) {
        return resolve(specs, database, tableName);
    }

    private DynamicFrame resolve(List<String[]> specs, String database, String tableName) {
        Dataset<Row> out = df;
        for (String[] spec : specs) {
            if (spec[1].strip().equals("match_catalog")) {
                out = Frames.matchCatalog(out, catalogSchema(database, tableName));
            } else {
                out = Frames.resolveChoice(out, spec[0], spec[1]);
            }
        }
        return with(out);
    }

    private StructType catalogSchema(String database, String tableName) {
        if (database == null || tableName == null) {
            throw new IllegalArgumentException("match_catalog needs the database and table_name of the catalog table");
        }
        var table = glueContext.catalog().table(database, tableName);
        return dev.overcast.glue.runner.Catalog.schema(table.storageDescriptor().columns());
    }

    /**
     * Relationalize: the root frame named {@code rootTableName} and one frame per nested array (see
     * {@link Frames#relationalize}); {@code stagingPath} is where Glue stages them, unused here (Spark keeps them).
     */
    public scala.collection.immutable.Seq<DynamicFrame> relationalize(String rootTableName, String stagingPath,
                                                                       JsonOptions options, String transformationContext) {
        return CollectionConverters.asScala(relationalizeAll(rootTableName)).toList();
    }

    public scala.collection.immutable.Seq<DynamicFrame> relationalize(String rootTableName, String stagingPath) {
        return relationalize(rootTableName, stagingPath, JsonOptions.empty, "");
    }

    /** Java jobs: the frames in order, the root first. */
    public List<DynamicFrame> relationalizeAll(String rootTableName) {
        List<DynamicFrame> frames = new ArrayList<>();
        Frames.relationalize(df, rootTableName).forEach((n, d) -> frames.add(new DynamicFrame(d, glueContext, n)));
        return frames;
    }

    /** Unnest: nested struct fields become top-level ones named by their path ({@code address.city}). */
    public DynamicFrame unnest(String transformationContext) {
        return with(Frames.unnest(df));
    }

    public DynamicFrame unnest() {
        return unnest("");
    }

    /**
     * Spigot: writes a sample of the records as JSON under {@code path} ({@code topk}: the first k, default 100;
     * {@code prob}: each record with that probability) and passes the frame on unchanged.
     */
    public DynamicFrame spigot(String path, JsonOptions options, String transformationContext) {
        Dataset<Row> sample = df;
        String prob = options.getOption("prob");
        if (prob != null) {
            sample = sample.sample(Double.parseDouble(prob));
        }
        String topk = options.getOption("topk");
        if (topk != null || prob == null) {
            sample = sample.limit(topk == null ? 100 : (int) Double.parseDouble(topk));
        }
        sample.coalesce(1).write().mode(SaveMode.Overwrite).json(GlueContext.s3a(path));
        return this;
    }

    public DynamicFrame spigot(String path, JsonOptions options) {
        return spigot(path, options, "");
    }

    public DynamicFrame spigot(String path) {
        return spigot(path, JsonOptions.empty, "");
    }

    /** DropNullFields: the fields that are null in every record are dropped. */
    public DynamicFrame dropNullFields(String transformationContext) {
        return with(Frames.dropNullFields(df));
    }

    public DynamicFrame dropNullFields() {
        return dropNullFields("");
    }

    /** SplitFields: two frames, the fields at {@code paths} and the others. */
    public scala.collection.immutable.Seq<DynamicFrame> splitFields(scala.collection.Seq<String> paths,
                                                                     String transformationContext) {
        return CollectionConverters.asScala(splitFields(CollectionConverters.asJava(paths))).toList();
    }

    public scala.collection.immutable.Seq<DynamicFrame> splitFields(scala.collection.Seq<String> paths) {
        return splitFields(paths, "");
    }

    public List<DynamicFrame> splitFields(List<String> paths) {
        return List.of(selectFields(paths), dropFields(paths));
    }

    /** Unbox: the string field at {@code path} holding {@code format} (json) text becomes the struct it describes. */
    public DynamicFrame unbox(String path, String format, String optionString, String transformationContext) {
        return with(Frames.unbox(df, path, format));
    }

    public DynamicFrame unbox(String path, String format) {
        return unbox(path, format, "{}", "");
    }

    /** The frame's schema. */
    public StructType schema() {
        return df.schema();
    }

    /** Error records are not kept apart by Overcast's frames: map leaves them out. */
    public long errorsCount() {
        return 0;
    }

    public DynamicFrame repartition(int numPartitions) {
        return new DynamicFrame(df.repartition(numPartitions), glueContext);
    }

    public DynamicFrame coalesce(int numPartitions) {
        return new DynamicFrame(df.coalesce(numPartitions), glueContext);
    }
}
