package dev.overcast.dynamodb.schema;

import dev.overcast.dynamodb.schema.TableDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A secondary index: its key attributes and projection. A global secondary index's partition and sort keys may each
 * be made of up to four attributes (multi-attribute keys), in their KeySchema order; a local one has one of each.
 */
public record IndexDef(String name, boolean global, List<String> hashKeys, List<String> rangeKeys, String projectionType,
                       Set<String> nonKeyAttributes) {

    /** Whether the index shows whole items ({@link #project} changes nothing). */
    public boolean projectsAll() {
        return "ALL".equals(projectionType);
    }

    /** The item as the index shows it: all, keys only (index and table keys), or keys plus the included attributes. */
    public Map<String, AttributeValue> project(Map<String, AttributeValue> item, TableDef table) {
        if (projectsAll()) {
            return item;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (shows(e.getKey(), table)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Whether the index holds the attribute: every one with ALL, else the keys and the included ones. */
    public boolean shows(String attribute, TableDef table) {
        return projectsAll() || hashKeys.contains(attribute) || rangeKeys.contains(attribute) || attribute.equals(table.hashKey())
                || attribute.equals(table.rangeKey()) || ("INCLUDE".equals(projectionType) && nonKeyAttributes.contains(attribute));
    }

    /** The index's key attributes: its partition key attributes, then its sort key attributes. */
    public List<String> keyNames() {
        List<String> names = new java.util.ArrayList<>(hashKeys);
        names.addAll(rangeKeys);
        return names;
    }

    /** Whether a key is made of several attributes, whose values are then encoded as a tuple ({@code KeyCodec.encodeAll}). */
    public static boolean multiAttribute(List<String> key) {
        return key.size() > 1;
    }
}
