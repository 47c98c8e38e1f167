package dev.overcast.firehose.destination;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.overcast.common.protocol.json.JsonValueReader;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SDK model objects as the JSON the API writes (member names as on the wire), for storing a configuration as the
 * API describes it and for merging an update into it member by member.
 */
public final class ModelJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonValueWriter WRITER = new JsonValueWriter(false);
    private static final JsonValueReader READER = new JsonValueReader(false);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ModelJson() {
    }

    public static String write(Object pojo) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            WRITER.writeStructure(g, pojo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static <T> T read(String json, Class<T> type) {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            return type.cast(READER.readStructure(p, Shape.of(type)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object as a JSON tree (empty for null). */
    public static ObjectNode tree(Object pojo) {
        return pojo == null ? MAPPER.createObjectNode() : (ObjectNode) MAPPER.readTree(write(pojo));
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        return read(MAPPER.writeValueAsString(tree), type);
    }

    /** Copies the members of {@code update} into {@code target}: objects member by member, everything else replaced. */
    public static void merge(ObjectNode target, JsonNode update) {
        for (var e : update.properties()) {
            JsonNode old = target.get(e.getKey());
            if (old instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
