package dev.overcast.s3;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** String maps (user metadata, object and bucket tag sets) as the {@code jsonb} columns that store them. */
public final class StoredMaps {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private StoredMaps() {
    }

    /** A JSON object column as a sorted map (empty when null). */
    public static Map<String, String> jsonMap(String json) {
        return json == null ? Map.of() : new TreeMap<>(JSON.readValue(json, STRING_MAP));
    }

    /** The column's JSON: null for no map or an empty one. */
    public static String toJson(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : JSON.writeValueAsString(map);
    }
}
