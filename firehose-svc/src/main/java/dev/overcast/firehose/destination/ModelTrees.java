package dev.overcast.firehose.destination;

import dev.overcast.common.protocol.json.ModelJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SDK model objects as JSON trees in the form the API writes (member names as on the wire, {@link ModelJson}), for
 * merging an update into a stored configuration member by member.
 */
public final class ModelTrees {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ModelTrees() {
    }

    /** The object as a JSON tree (empty for null). */
    public static ObjectNode tree(Object pojo) {
        return pojo == null ? MAPPER.createObjectNode() : (ObjectNode) MAPPER.readTree(ModelJson.write(pojo));
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        return ModelJson.read(MAPPER.writeValueAsString(tree), type);
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
