package dev.overcast.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * MetadataExtraction with JsonParsingEngine JQ-1.6: the query (e.g. {@code {customer:.customer_id}}) runs on each
 * record's JSON through jackson-jq with JQ 1.6's built-ins; each member of the object it yields is a partition key for
 * {@code !{partitionKeyFromQuery:<member>}}.
 */
final class JqPartitioning {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scope ROOT = Scope.newEmptyScope();
    private static final Map<String, JsonQuery> COMPILED = new ConcurrentHashMap<>();

    static {
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, ROOT);
    }

    private JqPartitioning() {
    }

    /** The compiled query; InvalidArgumentException when it is not JQ. */
    static JsonQuery compile(String query) {
        JsonQuery q = COMPILED.get(query);
        if (q != null) {
            return q;
        }
        try {
            q = JsonQuery.compile(query, Versions.JQ_1_6);
        } catch (JsonQueryException e) {
            throw FirehoseErrors.invalidArgument("MetadataExtractionQuery '" + query + "' is not a valid JQ expression: "
                    + e.getMessage());
        }
        COMPILED.put(query, q);
        return q;
    }

    /** The partition keys of one record; an exception (with the reason) when the record or the result do not serve. */
    static Map<String, String> keys(JsonQuery query, byte[] record) throws KeyException {
        JsonNode in;
        try {
            in = JSON.readTree(record);
        } catch (java.io.IOException e) {
            throw new KeyException("Non JSON record provided");
        }
        List<JsonNode> out = new ArrayList<>();
        try {
            query.apply(Scope.newChildScope(ROOT), in, out::add);
        } catch (JsonQueryException e) {
            throw new KeyException("Failed to execute the MetadataExtractionQuery: " + e.getMessage());
        }
        if (out.size() != 1 || !out.getFirst().isObject()) {
            throw new KeyException("The MetadataExtractionQuery must yield one JSON object");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (var e : out.getFirst().properties()) {
            JsonNode v = e.getValue();
            if (v.isNull() || v.isMissingNode()) {
                throw new KeyException("The partition key '" + e.getKey() + "' is null for this record");
            }
            keys.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        }
        return keys;
    }

    /** Why a record has no partition keys. */
    static final class KeyException extends Exception {
        KeyException(String message) {
            super(message);
        }
    }
}
