package com.amazonaws.services.glue;

import dev.overcast.glue.runner.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One record of a DynamicFrame as the functions of {@code filter} and {@code map} see it: self-describing fields by
 * path (dots reach into nested structs), read with {@code getField}, changed with {@code addField} / {@code dropField}.
 * Structs are maps of their fields, arrays lists, dates and timestamps their ISO text.
 */
public final class DynamicRecord implements java.io.Serializable {

    private final LinkedHashMap<String, Object> fields;
    private String error;

    public DynamicRecord() {
        this(new LinkedHashMap<>());
    }

    private DynamicRecord(LinkedHashMap<String, Object> fields) {
        this.fields = fields;
    }

    /** A Spark row (of a frame with {@code schema}) as a record. */
    static DynamicRecord of(Row row, StructType schema) {
        return new DynamicRecord(struct(row, schema));
    }

    /** The record's value at {@code path}, none when a field on the way is missing or null. */
    public Option<Object> getField(String path) {
        Object node = fields;
        for (String name : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(name)) {
                return Option.empty();
            }
            node = map.get(name);
        }
        return Option.apply(node);
    }

    /** Java callers: the value or null. */
    public Object getFieldValue(String path) {
        return getField(path).getOrElse(() -> null);
    }

    /** Sets the field at {@code path} (structs on the way are created); a Scala collection is stored as a list/map. */
    public void addField(String path, Object value) {
        String[] names = path.split("\\.");
        Map<String, Object> node = parent(names, true);
        node.put(names[names.length - 1], plain(value));
    }

    /** Removes the field at {@code path}; its value, none when it was not there. */
    public Option<Object> dropField(String path) {
        String[] names = path.split("\\.");
        Map<String, Object> node = parent(names, false);
        if (node == null || !node.containsKey(names[names.length - 1])) {
            return Option.empty();
        }
        return Option.apply(node.remove(names[names.length - 1]));
    }

    /** The top-level field names, in order. */
    public scala.collection.immutable.Seq<String> getFieldNames() {
        return CollectionConverters.asScala(new ArrayList<>(fields.keySet())).toList();
    }

    /** Marks the record as an error record (Glue keeps them apart from the frame's rows). */
    public void setError(String message) {
        this.error = message;
    }

    public boolean isError() {
        return error != null;
    }

    public String getError() {
        return error;
    }

    public void clearError() {
        error = null;
    }

    /** A deep copy. */
    @Override
    @SuppressWarnings("unchecked")
    public DynamicRecord clone() {
        return new DynamicRecord((LinkedHashMap<String, Object>) copy(fields));
    }

    public String toJson() {
        return Json.write(fields);
    }

    @Override
    public String toString() {
        return toJson();
    }

    Map<String, Object> fields() {
        return fields;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parent(String[] names, boolean create) {
        Map<String, Object> node = fields;
        for (int i = 0; i < names.length - 1; i++) {
            Object next = node.get(names[i]);
            if (!(next instanceof Map<?, ?>)) {
                if (!create) {
                    return null;
                }
                next = new LinkedHashMap<String, Object>();
                node.put(names[i], next);
            }
            node = (Map<String, Object>) next;
        }
        return node;
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> map) {
            LinkedHashMap<Object, Object> c = new LinkedHashMap<>();
            map.forEach((k, x) -> c.put(k, copy(x)));
            return c;
        }
        if (v instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(DynamicRecord::copy).toList());
        }
        return v;
    }

    /** Scala values (Option, collections) as the plain Java ones a record holds. */
    private static Object plain(Object v) {
        if (v instanceof Option<?> o) {
            return o.isDefined() ? plain(o.get()) : null;
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            LinkedHashMap<Object, Object> c = new LinkedHashMap<>();
            CollectionConverters.asJava(m).forEach((k, x) -> c.put(k, plain(x)));
            return c;
        }
        if (v instanceof scala.collection.Iterable<?> it) {
            List<Object> c = new ArrayList<>();
            CollectionConverters.asJava(it).forEach(x -> c.add(plain(x)));
            return c;
        }
        if (v instanceof scala.math.BigDecimal d) {
            return d.bigDecimal();
        }
        return v;
    }

    private static LinkedHashMap<String, Object> struct(Row row, StructType schema) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (!row.isNullAt(i)) {
                out.put(fields[i].name(), value(row.get(i), fields[i].dataType()));
            }
        }
        return out;
    }

    private static Object value(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        if (type instanceof StructType s) {
            return struct((Row) v, s);
        }
        if (type instanceof ArrayType a) {
            List<Object> list = new ArrayList<>();
            CollectionConverters.asJava((scala.collection.Iterable<?>) v).forEach(x -> list.add(value(x, a.elementType())));
            return list;
        }
        if (type instanceof MapType m) {
            LinkedHashMap<Object, Object> map = new LinkedHashMap<>();
            CollectionConverters.asJava((scala.collection.Map<?, ?>) v)
                    .forEach((k, x) -> map.put(String.valueOf(k), value(x, m.valueType())));
            return map;
        }
        if (v instanceof BigDecimal || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return v.toString(); // dates, timestamps, intervals: their ISO text
    }
}
