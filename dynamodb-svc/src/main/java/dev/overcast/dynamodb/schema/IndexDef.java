package dev.overcast.dynamodb.schema;

import dev.overcast.dynamodb.schema.TableDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A secondary index: its key attributes and projection. */
public record IndexDef(String name, boolean global, String hashKey, String rangeKey, String projectionType,
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
        return projectsAll() || attribute.equals(hashKey) || attribute.equals(rangeKey) || attribute.equals(table.hashKey())
                || attribute.equals(table.rangeKey()) || ("INCLUDE".equals(projectionType) && nonKeyAttributes.contains(attribute));
    }

    public List<String> keyNames() {
        return rangeKey == null ? List.of(hashKey) : List.of(hashKey, rangeKey);
    }
}
