package com.amazonaws.services.glue.util;

import dev.overcast.glue.runner.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a Glue source or sink ({@code JsonOptions(Map("path" -> ..., "partitionKeys" -> Seq(...)))}): string,
 * boolean and list values by name. Built from a Java map, a Scala map (Scala jobs) or a JSON object's text.
 */
public final class JsonOptions {

    /** No options. */
    public static final JsonOptions empty = new JsonOptions(Map.of());

    private final Map<String, Object> values;

    public JsonOptions(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, plain(v)));
        this.values = Collections.unmodifiableMap(copy);
    }

    public JsonOptions(scala.collection.Map<String, ?> values) {
        this(scala.jdk.javaapi.CollectionConverters.asJava(values));
    }

    /** From a JSON object's text, e.g. {@code {"path": "s3://b/out/", "partitionKeys": ["region"]}}. */
    public JsonOptions(String json) {
        this(Json.parseObject(json));
    }

    public static JsonOptions apply(Map<String, ?> values) {
        return new JsonOptions(values);
    }

    public static JsonOptions apply(scala.collection.Map<String, ?> values) {
        return new JsonOptions(values);
    }

    public static JsonOptions apply(String json) {
        return new JsonOptions(json);
    }

    /** Scala collections become Java ones, so that one reader serves both. */
    private static Object plain(Object v) {
        if (v instanceof scala.collection.Iterable<?> it && !(v instanceof scala.collection.Map<?, ?>)) {
            List<Object> list = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(it).forEach(e -> list.add(plain(e)));
            return list;
        }
        if (v instanceof Object[] array) {
            List<Object> list = new ArrayList<>();
            for (Object e : array) {
                list.add(plain(e));
            }
            return list;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(JsonOptions::plain).toList();
        }
        return v;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public String getOption(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    public String getString(String name, String fallback) {
        Object v = values.get(name);
        return v == null ? fallback : v.toString();
    }

    public boolean getBoolean(String name, boolean fallback) {
        Object v = values.get(name);
        return v == null ? fallback : Boolean.parseBoolean(v.toString());
    }

    /** A list option; a single string counts as a list of one, a comma-free JSON text list too. */
    public List<String> getStringList(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Object::toString).toList();
        }
        return List.of(v.toString());
    }

    /** These options with another's on top. */
    public JsonOptions merge(JsonOptions other) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(other.values);
        return new JsonOptions(merged);
    }

    @Override
    public String toString() {
        return Json.write(values);
    }
}
