package dev.overcast.dynamodb.schema;

import dev.overcast.dynamodb.schema.IndexDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A table as stored: its row id, scope, the description DynamoDB returns for it, and the derived key schema;
 * kinesisStreaming whether its item changes are recorded for a Kinesis streaming destination; version is the row
 * version it was read at (PostgreSQL's xmin: any change of the row gives it another), what the statements
 * of the item hot paths check a cached table against; policy and streamPolicy are the resource-based policies of the
 * table and of its latest stream (null: none), read with the row, whose version a change of either moves on.
 */
public record TableDef(long id, String account, String region, String name, TableDescription description,
                       Map<String, String> tags, Instant readyAt, String ttlAttribute, boolean pitr,
                       boolean kinesisStreaming, long version, String policy, String streamPolicy) {

    /** The same table with another description (an update in progress). */
    public TableDef withDescription(TableDescription d) {
        return new TableDef(id, account, region, name, d, tags, readyAt, ttlAttribute, pitr, kinesisStreaming, version,
                policy, streamPolicy);
    }

    public String hashKey() {
        return keyName(description.keySchema(), KeyType.HASH);
    }

    public String rangeKey() {
        return keyName(description.keySchema(), KeyType.RANGE);
    }

    public String arn() {
        return description.tableArn();
    }

    /** The declared type (S, N, B) of a key attribute. */
    public String attributeType(String attribute) {
        for (AttributeDefinition d : description.attributeDefinitions()) {
            if (d.attributeName().equals(attribute)) {
                return d.attributeTypeAsString();
            }
        }
        return null;
    }

    /** Whether the table is a replica of a global table (version 2019.11.21) with other replicas. */
    public boolean replicated() {
        return description.hasReplicas() && !description.replicas().isEmpty();
    }

    /** Whether its writes are replicated synchronously (MultiRegionConsistency STRONG). */
    public boolean stronglyReplicated() {
        return replicated() && description.multiRegionConsistency() == software.amazon.awssdk.services.dynamodb.model.MultiRegionConsistency.STRONG;
    }

    public boolean isKey(String attribute) {
        return attribute.equals(hashKey()) || attribute.equals(rangeKey());
    }

    public List<IndexDef> indexes() {
        List<IndexDef> out = new ArrayList<>();
        description.localSecondaryIndexes().forEach(i ->
                out.add(index(i.indexName(), false, i.keySchema(), i.projection())));
        description.globalSecondaryIndexes().forEach(i ->
                out.add(index(i.indexName(), true, i.keySchema(), i.projection())));
        return out;
    }

    public IndexDef index(String indexName) {
        for (IndexDef i : indexes()) {
            if (i.name().equals(indexName)) {
                return i;
            }
        }
        return null;
    }

    private static IndexDef index(String name, boolean global, List<KeySchemaElement> keys, Projection p) {
        return new IndexDef(name, global, keyNames(keys, KeyType.HASH), keyNames(keys, KeyType.RANGE),
                p == null || p.projectionTypeAsString() == null ? "ALL" : p.projectionTypeAsString(),
                p == null ? Set0.EMPTY : new HashSet<>(p.nonKeyAttributes()));
    }

    /** The attributes of a key schema with the key type, in their order (several in a multi-attribute key). */
    public static List<String> keyNames(List<KeySchemaElement> keys, KeyType type) {
        return keys.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName).toList();
    }

    public static String keyName(List<KeySchemaElement> keys, KeyType type) {
        for (KeySchemaElement k : keys) {
            if (k.keyType() == type) {
                return k.attributeName();
            }
        }
        return null;
    }

    private static final class Set0 {
        static final java.util.Set<String> EMPTY = java.util.Set.of();
    }
}
