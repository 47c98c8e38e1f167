package dev.overcast.dynamodb.value;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.value.KeyCodec;
import dev.overcast.dynamodb.value.Values;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's primary key: the attribute values and their byte-comparable encodings. */
public record ItemKey(Map<String, AttributeValue> attributes, byte[] pk, byte[] sk) {

    /** From a request's Key parameter: exactly the table's key attributes, with their declared types. */
    public static ItemKey fromKey(TableDef table, Map<String, AttributeValue> key) {
        String hash = table.hashKey();
        String range = table.rangeKey();
        int expected = range == null ? 1 : 2;
        if (key == null || key.size() != expected || !key.containsKey(hash) || (range != null && !key.containsKey(range))) {
            throw DynamoDbErrors.validation("The provided key element does not match the schema");
        }
        Map<String, AttributeValue> attrs = new LinkedHashMap<>();
        for (String name : range == null ? new String[] {hash} : new String[] {hash, range}) {
            AttributeValue v = Values.normalise(key.get(name), 0);
            if (!Values.typeName(v).equals(table.attributeType(name))) {
                throw DynamoDbErrors.validation("The provided key element does not match the schema");
            }
            attrs.put(name, v);
        }
        return of(table, attrs);
    }

    /** From an item to write: its key attributes must be present and of the declared types. */
    public static ItemKey fromItem(TableDef table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> attrs = new LinkedHashMap<>();
        String range = table.rangeKey();
        for (String name : range == null ? new String[] {table.hashKey()} : new String[] {table.hashKey(), range}) {
            AttributeValue v = item.get(name);
            if (v == null) {
                throw DynamoDbErrors.invalidParameter("Missing the key " + name + " in the item");
            }
            String expected = table.attributeType(name);
            if (!Values.typeName(v).equals(expected)) {
                throw DynamoDbErrors.invalidParameter("Type mismatch for key " + name + " expected: " + expected
                        + " actual: " + Values.typeName(v));
            }
            attrs.put(name, v);
        }
        return of(table, attrs);
    }

    private static ItemKey of(TableDef table, Map<String, AttributeValue> attrs) {
        for (Map.Entry<String, AttributeValue> e : attrs.entrySet()) {
            AttributeValue v = e.getValue();
            if ((v.s() != null && v.s().isEmpty()) || (v.b() != null && v.b().asByteArrayUnsafe().length == 0)) {
                throw DynamoDbErrors.validation("One or more parameter values are not valid. The AttributeValue for a key "
                        + "attribute cannot contain an empty " + (v.s() != null ? "string" : "binary") + " value. Key: " + e.getKey());
            }
        }
        byte[] pk = KeyCodec.encode(attrs.get(table.hashKey()));
        AttributeValue hv = attrs.get(table.hashKey());
        if (Values.size(hv) > 2048) {
            throw DynamoDbErrors.invalidParameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        byte[] sk = KeyCodec.EMPTY;
        if (table.rangeKey() != null) {
            AttributeValue rv = attrs.get(table.rangeKey());
            if (Values.size(rv) > 1024) {
                throw DynamoDbErrors.invalidParameter("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
            }
            sk = KeyCodec.encode(rv);
        }
        return new ItemKey(attrs, pk, sk);
    }

    /** A stable lock id for this item. */
    public long lockId(long tableId) {
        long h = tableId * 0x9E3779B97F4A7C15L;
        h = 31 * h + Arrays.hashCode(pk);
        h = h * 0x9E3779B97F4A7C15L + Arrays.hashCode(sk);
        return h;
    }

    public boolean sameItem(ItemKey other) {
        return Arrays.equals(pk, other.pk) && Arrays.equals(sk, other.sk);
    }

    /** The key as a value usable in hash sets (pk and sk with their lengths). */
    public java.nio.ByteBuffer identity() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + pk.length + sk.length);
        b.putInt(pk.length).put(pk).putInt(sk.length).put(sk);
        return b.flip();
    }
}
