package dev.overcast.glue.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The DataFrame work behind DynamicFrame's record-level transforms that are more than one Spark call: paths into
 * structs, resolveChoice's actions, relationalize, unnest, DropNullFields, unbox and the frame a map's records make.
 */
public final class Frames {

    private Frames() {
    }

    /** A path with dots reaching into structs; each name quoted so that other characters stay literal. */
    public static String quote(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("\\.")) {
            parts.add("`" + p.replace("`", "``") + "`");
        }
        return String.join(".", parts);
    }

    /** A top-level column by its whole name (a name holding dots, as unnest and relationalize make, included). */
    public static Column top(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /**
     * The column at {@code path} replaced by {@code f} of it: a top-level column (its name, dots and all, when the
     * frame has one so named), else a field in nested structs, replaced in place with {@code withField}.
     */
    public static Dataset<Row> replace(Dataset<Row> df, String path, java.util.function.UnaryOperator<Column> f) {
        List<String> names = List.of(df.columns());
        if (names.contains(path) || !path.contains(".")) {
            if (!names.contains(path)) {
                throw new IllegalArgumentException("The frame has no field " + path + " (its fields: " + names + ")");
            }
            return df.withColumn(path, f.apply(top(path)));
        }
        String[] parts = path.split("\\.");
        return df.withColumn(parts[0], nested(top(parts[0]), parts, 1, f));
    }

    private static Column nested(Column struct, String[] parts, int i, java.util.function.UnaryOperator<Column> f) {
        Column field = struct.getField(parts[i]);
        Column replaced = i == parts.length - 1 ? f.apply(field) : nested(field, parts, i + 1, f);
        return struct.withField("`" + parts[i].replace("`", "``") + "`", replaced);
    }

    /** The struct {@code struct} without its field {@code name}. */
    public static Column dropField(Column struct, String name) {
        return struct.dropFields(CollectionConverters.asScala(List.of("`" + name.replace("`", "``") + "`")).toSeq());
    }

    /** The type of the field at {@code path}. */
    public static DataType typeAt(StructType schema, String path) {
        if (List.of(schema.fieldNames()).contains(path)) {
            return schema.apply(path).dataType();
        }
        DataType type = schema;
        for (String name : path.split("\\.")) {
            if (!(type instanceof StructType s) || !List.of(s.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("The frame has no field " + path);
            }
            type = s.apply(name).dataType();
        }
        return type;
    }

    /** Glue's name of a type, as make_cols and make_struct name what they make: int, long, string, double … */
    public static String glueTypeName(DataType type) {
        String name = type.typeName();
        return switch (name) {
            case "integer" -> "int";
            case "byte" -> "byte";
            default -> name.replaceAll("\\(.*", "");
        };
    }

    /** Glue's type names (long, int, string, double …) and Spark's DDL names alike. */
    public static DataType type(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "long" -> DataTypes.LongType;
            case "int" -> DataTypes.IntegerType;
            case "short" -> DataTypes.ShortType;
            case "byte" -> DataTypes.ByteType;
            default -> DataType.fromDDL(lower);
        };
    }

    /**
     * resolveChoice's action for one field: {@code cast:T} converts every value to T (those that do not convert become
     * null); {@code project:T} keeps the values that are T (a string field's values whose text is a T, as the choice
     * a text source folds into a string) and nulls the others; {@code make_cols} splits the field into
     * {@code <name>_<type>}; {@code make_struct} makes it a struct {@code {<type>: value}}.
     */
    public static Dataset<Row> resolveChoice(Dataset<Row> df, String path, String action) {
        String spec = action.strip();
        DataType current = typeAt(df.schema(), path);
        if (spec.startsWith("cast:")) {
            DataType target = type(spec.substring(5));
            return replace(df, path, c -> c.try_cast(target));
        }
        if (spec.startsWith("project:")) {
            DataType target = type(spec.substring(8));
            if (current.sameType(target)) {
                return df;
            }
            boolean text = current.sameType(DataTypes.StringType);
            return replace(df, path, c -> text ? c.try_cast(target) : functions.lit(null).cast(target));
        }
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        String typeName = glueTypeName(current);
        if (spec.equals("make_cols")) {
            if (path.contains(".") && !List.of(df.columns()).contains(path)) {
                throw new IllegalArgumentException("make_cols resolves top-level fields; " + path + " is nested");
            }
            return df.withColumnRenamed(path, leaf + "_" + typeName);
        }
        if (spec.equals("make_struct")) {
            return replace(df, path, c -> functions.struct(c.as(typeName)));
        }
        throw new IllegalArgumentException("Unknown resolveChoice action " + action
                + ": cast:<type>, project:<type>, make_cols, make_struct or match_catalog");
    }

    /** match_catalog: each field the catalog table has is cast to the table's type for it. */
    public static Dataset<Row> matchCatalog(Dataset<Row> df, StructType catalog) {
        Dataset<Row> out = df;
        for (StructField f : catalog.fields()) {
            for (String c : df.columns()) {
                if (c.equalsIgnoreCase(f.name())) {
                    out = out.withColumn(c, top(c).try_cast(f.dataType()));
                }
            }
        }
        return out;
    }

    /** unnest: nested structs become top-level fields named by their path ({@code address.city}); arrays stay. */
    public static Dataset<Row> unnest(Dataset<Row> df) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            flatten(top(f.name()), f.name(), f.dataType(), columns);
        }
        return df.select(columns.toArray(Column[]::new));
    }

    private static void flatten(Column column, String name, DataType type, List<Column> out) {
        if (type instanceof StructType s && s.fields().length > 0) {
            for (StructField f : s.fields()) {
                flatten(column.getField(f.name()), name + "." + f.name(), f.dataType(), out);
            }
        } else {
            out.add(column.as(name));
        }
    }

    /**
     * relationalize: the root frame (named {@code rootName}) with its structs unnested and each array replaced by a
     * key, and for each array a frame {@code <rootName>_<path>} of the array's elements: {@code id} (the key in the
     * parent), {@code index} (the position, from 0) and the element as {@code <path>.val} (its fields unnested under it).
     * Arrays inside elements become frames of their own the same way.
     */
    public static Map<String, Dataset<Row>> relationalize(Dataset<Row> df, String rootName) {
        Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
        split(unnest(df), rootName, rootName, frames);
        return frames;
    }

    private static void split(Dataset<Row> flat, String name, String rootName, Map<String, Dataset<Row>> frames) {
        List<String> arrays = new ArrayList<>();
        for (StructField f : flat.schema().fields()) {
            if (f.dataType() instanceof ArrayType) {
                arrays.add(f.name());
            }
        }
        if (arrays.isEmpty()) {
            frames.put(name, flat);
            return;
        }
        // one key per row for all its arrays; kept, so that parent and children see the same keys
        String key = "__overcast_relationalize_key";
        Dataset<Row> keyed = flat.withColumn(key, functions.monotonically_increasing_id().plus(1)).persist();
        List<Column> parent = new ArrayList<>();
        for (StructField f : flat.schema().fields()) {
            parent.add(arrays.contains(f.name())
                    ? functions.when(top(f.name()).isNotNull(), functions.col(key)).as(f.name())
                    : top(f.name()));
        }
        frames.put(name, keyed.select(parent.toArray(Column[]::new)));
        for (String array : arrays) {
            Dataset<Row> elements = keyed.select(functions.col(key).as("id"),
                    functions.posexplode(top(array)).as(new String[]{"index", "val"}));
            elements = elements.select(functions.col("id"), functions.col("index"),
                    functions.col("val").as(array + ".val"));
            split(unnest(elements), rootName + "_" + array, rootName, frames);
        }
    }

    /** Not a struct, array or map: a value a cast converts (nested types keep what the records made of them). */
    private static boolean atomic(DataType type) {
        return !(type instanceof StructType || type instanceof ArrayType || type instanceof org.apache.spark.sql.types.MapType);
    }

    /** DropNullFields: the fields whose value is null (or missing) in every record are dropped. */
    public static Dataset<Row> dropNullFields(Dataset<Row> df) {
        String[] names = df.columns();
        if (names.length == 0) {
            return df;
        }
        Column[] counts = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            counts[i] = functions.count(top(names[i]));
        }
        Row row = df.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length)).first();
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (row.getLong(i) == 0) {
                empty.add(names[i]);
            }
        }
        return df.drop(empty.toArray(String[]::new));
    }

    /** unbox: the string field at {@code path} holding JSON becomes the struct (or array) it describes. */
    public static Dataset<Row> unbox(Dataset<Row> df, String path, String format) {
        if (!"json".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("unbox reads json; format " + format + " is not supported by Overcast");
        }
        Column text = path.contains(".") && !List.of(df.columns()).contains(path)
                ? functions.col(quote(path)) : top(path);
        Dataset<String> samples = df.select(text).na().drop().as(Encoders.STRING());
        StructType inferred = df.sparkSession().read().json(samples).schema();
        boolean single = inferred.fields().length == 1 && inferred.fields()[0].name().equals("_corrupt_record");
        if (single) {
            throw new IllegalArgumentException("The field " + path + " does not hold JSON objects");
        }
        return replace(df, path, c -> functions.from_json(c, inferred));
    }

    /**
     * The frame of {@code json} records (what a map's function returned), its schema inferred, with every top-level
     * field the frame had before first, an atomic one cast back to its type (JSON's numbers are long or double).
     */
    public static Dataset<Row> fromJson(SparkSession spark, Dataset<String> json, StructType before) {
        Dataset<Row> df = spark.read().json(json);
        List<String> names = List.of(df.columns());
        List<Column> columns = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (StructField f : before.fields()) { // the fields it had first, in their order and at their types
            if (names.contains(f.name())) {
                DataType now = df.schema().apply(f.name()).dataType();
                boolean keep = now.sameType(f.dataType()) || !atomic(now) || !atomic(f.dataType());
                columns.add(keep ? top(f.name()) : top(f.name()).try_cast(f.dataType()).as(f.name()));
                kept.add(f.name());
            }
        }
        for (String n : names) {
            if (!kept.contains(n)) {
                columns.add(top(n));
            }
        }
        return df.select(columns.toArray(Column[]::new));
    }
}
