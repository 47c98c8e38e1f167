package dev.overcast.glue.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * Schema definitions checked and compared per data format. AVRO is parsed and compared with Avro's own
 * {@link SchemaCompatibility} (can a reader of one schema read data written with the other). JSON is parsed as a JSON
 * Schema document and compared by its object properties: a reader accepts what a writer produces when every property
 * the reader requires is one the writer requires, and shared properties keep their type, and a reader that forbids
 * additional properties knows all the writer's. PROTOBUF is parsed with Wire's .proto parser and compared by the wire
 * format's rules ({@link ProtobufSchemas}).
 */
final class Compatibility {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Compatibility() {
    }

    /** Why a definition is not valid for its format, or null when it is. */
    static String invalid(String format, String definition) {
        try {
            switch (format) {
                case "AVRO" -> new Schema.Parser().parse(definition);
                case "JSON" -> {
                    JsonNode n = JSON.readTree(definition);
                    if (n == null || !(n.isObject() || n.isBoolean())) {
                        return "Schema definition of JSON data format is not a JSON Schema";
                    }
                }
                case "PROTOBUF" -> {
                    return ProtobufSchemas.invalid(definition);
                }
                default -> {
                    return "Data format " + format + " is not supported";
                }
            }
            return null;
        } catch (SchemaParseException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return "Schema definition of " + format + " data format is invalid: " + e.getMessage();
        }
    }

    /** True when data written with {@code writer} can be read with {@code reader}. */
    static boolean canRead(String format, String reader, String writer) {
        if (format.equals("AVRO")) {
            Schema r = new Schema.Parser().parse(reader);
            Schema w = new Schema.Parser().parse(writer);
            return SchemaCompatibility.checkReaderWriterCompatibility(r, w).getType()
                    == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        }
        if (format.equals("PROTOBUF")) {
            return ProtobufSchemas.canRead(reader, writer);
        }
        try {
            return jsonCanRead(JSON.readTree(reader), JSON.readTree(writer));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    private static boolean jsonCanRead(JsonNode reader, JsonNode writer) {
        if (!reader.path("type").equals(writer.path("type"))) {
            return reader.path("type").isMissingNode();
        }
        JsonNode rp = reader.path("properties");
        JsonNode wp = writer.path("properties");
        List<String> writerRequired = strings(writer.path("required"));
        for (String req : strings(reader.path("required"))) {
            if (!writerRequired.contains(req)) {
                return false;
            }
        }
        for (Iterator<String> it = wp.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (rp.has(name)) {
                if (!jsonCanRead(rp.get(name), wp.get(name))) {
                    return false;
                }
            } else if (reader.path("additionalProperties").isBoolean() && !reader.path("additionalProperties").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> strings(JsonNode array) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Whether {@code candidate} may follow the earlier versions ({@code previous}, oldest first) under the mode:
     * BACKWARD (the new reads the latest's data), FORWARD (the latest reads the new's), FULL (both), and the _ALL
     * forms against every earlier version.
     */
    static boolean allows(String mode, String format, String candidate, List<String> previous) {
        if (previous.isEmpty() || mode.equals("NONE")) {
            return true;
        }
        if (mode.equals("DISABLED")) {
            return false;
        }
        List<String> against = mode.endsWith("_ALL") ? previous : List.of(previous.get(previous.size() - 1));
        boolean backward = mode.startsWith("BACKWARD") || mode.startsWith("FULL");
        boolean forward = mode.startsWith("FORWARD") || mode.startsWith("FULL");
        for (String old : against) {
            if (backward && !canRead(format, candidate, old) || forward && !canRead(format, old, candidate)) {
                return false;
            }
        }
        return true;
    }
}
