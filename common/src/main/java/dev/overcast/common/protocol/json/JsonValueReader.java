package dev.overcast.common.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.model.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.traits.TimestampFormatTrait.Format;

/**
 * Reads model shapes from a Jackson token stream: JSON text and CBOR alike (the one type-conversion layer of the
 * JSON protocols). Unknown members are skipped; a value of the wrong type is a {@code SerializationException}.
 */
public final class JsonValueReader {

    private final boolean cbor;

    /** The members of the document being read on this thread that its model lacks, when asked for ({@link #keepBeyondModel}). */
    private final ThreadLocal<Map<String, String>> beyondModel = new ThreadLocal<>();

    public JsonValueReader(boolean cbor) {
        this.cbor = cbor;
    }

    /**
     * Reads a whole document into a new builder of the shape; an empty document leaves the builder empty.
     * Only payload members are read.
     */
    public void readDocument(JsonParser p, Shape shape, Object builder) {
        try {
            JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            if (t != JsonToken.START_OBJECT) {
                throw CommonErrors.serialization("Expected a JSON object at the top level");
            }
            readMembers(p, shape, builder);
            if (p.nextToken() != null) {
                throw CommonErrors.serialization("Unexpected content after the end of the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            throw asSerialization(e);
        }
    }

    /**
     * Members of the next JSON documents this reader reads on this thread that their model lacks are kept (JSON pointer
     * to the member, its value as JSON text) in the map returned, instead of skipped; for another document, call again.
     */
    Map<String, String> keepBeyondModel() {
        Map<String, String> beyond = new LinkedHashMap<>();
        beyondModel.set(beyond);
        return beyond;
    }

    private static String text(JsonParser p) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JsonRpcCodec.JSON.createGenerator(w)) {
            g.copyCurrentStructure(p);
        }
        return w.toString();
    }

    static AwsException asSerialization(Exception e) {
        if (e instanceof AwsException ae) {
            return ae;
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        return CommonErrors.serialization("Could not parse the request body: " + (nl > 0 ? msg.substring(0, nl) : msg));
    }

    /** Reads a structure value; the parser is at its START_OBJECT. */
    public Object readStructure(JsonParser p, Shape shape) throws IOException {
        Object builder = shape.newBuilder();
        readMembers(p, shape, builder);
        return Shape.build(builder);
    }

    /** Reads the members of an object into a builder; the parser is at START_OBJECT and ends at END_OBJECT. */
    public void readMembers(JsonParser p, Shape shape, Object builder) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            Member m = shape.payloadMember(p.currentName());
            JsonToken v = p.nextToken();
            if (m == null) {
                Map<String, String> beyond = beyondModel.get();
                if (beyond != null && !cbor) {
                    beyond.put(p.getParsingContext().pathAsPointer().toString(), text(p));
                } else {
                    p.skipChildren();
                }
                continue;
            }
            Object value = readValue(p, v, m);
            if (value != null) {
                m.set(builder, value);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw CommonErrors.serialization("Malformed JSON object");
        }
    }

    /** Reads one value of a member; the parser is at the value's first token. {@code null} for JSON null. */
    public Object readValue(JsonParser p, JsonToken t, Member m) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (m.type()) {
            case STRING -> {
                expect(t == JsonToken.VALUE_STRING, t, "String");
                return p.getText();
            }
            case INTEGER -> {
                expect(t == JsonToken.VALUE_NUMBER_INT, t, "Integer");
                return p.getIntValue();
            }
            case LONG -> {
                expect(t == JsonToken.VALUE_NUMBER_INT, t, "Long");
                return p.getLongValue();
            }
            case SHORT -> {
                expect(t == JsonToken.VALUE_NUMBER_INT, t, "Short");
                return p.getShortValue();
            }
            case BYTE -> {
                expect(t == JsonToken.VALUE_NUMBER_INT, t, "Byte");
                return p.getByteValue();
            }
            case FLOAT -> {
                return (float) readDouble(p, t, m);
            }
            case DOUBLE -> {
                return readDouble(p, t, m);
            }
            case BIG_DECIMAL -> {
                if (t == JsonToken.VALUE_STRING) {
                    return new BigDecimal(p.getText());
                }
                expect(t.isNumeric(), t, "BigDecimal");
                return p.getDecimalValue();
            }
            case BOOLEAN -> {
                if (t == JsonToken.VALUE_STRING) {
                    throw CommonErrors.serialization("Unexpected token received from parser");
                }
                expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, t, "Boolean");
                return t == JsonToken.VALUE_TRUE;
            }
            case INSTANT -> {
                return readInstant(p, t, m);
            }
            case SDK_BYTES -> {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    expect(false, t, "ByteBuffer");
                }
                if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_EMBEDDED_OBJECT) {
                    throw CommonErrors.serialization("only base-64-encoded strings are convertible to bytes");
                }
                return SdkBytes.fromByteArrayUnsafe(t == JsonToken.VALUE_STRING ? base64(p) : p.getBinaryValue());
            }
            case SDK_POJO -> {
                if (t != JsonToken.START_OBJECT) {
                    throw CommonErrors.serialization(t == JsonToken.START_ARRAY
                            ? "Unrecognized collection type class " + m.shape().modelClass().getName()
                            : "Unexpected field type");
                }
                return readStructure(p, m.shape());
            }
            case LIST -> {
                if (t != JsonToken.START_ARRAY) {
                    throw CommonErrors.serialization(t == JsonToken.START_OBJECT
                            ? "Start of structure or map found where not expected" : "Unexpected field type");
                }
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw CommonErrors.serialization("Unterminated array");
                    }
                    Object v = readValue(p, e, m.element());
                    if (v != null) {
                        list.add(v);
                    }
                }
                return list;
            }
            case MAP -> {
                if (t != JsonToken.START_OBJECT) {
                    throw CommonErrors.serialization(t == JsonToken.START_ARRAY
                            ? "Unrecognized collection type java.util.Map" : "Unexpected field type");
                }
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Object v = readValue(p, p.nextToken(), m.mapValue());
                    if (v != null) {
                        map.put(key, v);
                    }
                }
                return map;
            }
            case DOCUMENT -> {
                return readDocumentValue(p, t);
            }
            default -> {
                p.skipChildren();
                return null;
            }
        }
    }

    /**
     * A base64 string's bytes, decoded by the JDK's decoder (several times faster than the parser's own, which matters
     * for a body of 500 records); a string it refuses, or one whose length is no multiple of 4, is left to the parser's
     * decoder, whose answer (its bytes, or its error) stands as before.
     */
    private static byte[] base64(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if ((length & 3) == 0) {
            byte[] ascii = new byte[length];
            int high = 0;
            for (int i = 0; i < length; i++) {
                char c = chars[offset + i];
                high |= c;
                ascii[i] = (byte) c;
            }
            if (high < 0x80) {
                try {
                    return Base64.getDecoder().decode(ascii);
                } catch (IllegalArgumentException e) {
                    // not plain base64: the parser decides
                }
            }
        }
        return p.getBinaryValue();
    }

    /**
     * A value of another JSON type than the member's, refused in the words of AWS's JSON front end
     * ("NUMBER_VALUE cannot be converted to String", "Start of structure or map found where not expected", …).
     */
    private static void expect(boolean ok, JsonToken t, String javaType) {
        if (ok) {
            return;
        }
        String found = switch (t) {
            case START_OBJECT -> null;
            case START_ARRAY -> null;
            case VALUE_TRUE -> "TRUE_VALUE";
            case VALUE_FALSE -> "FALSE_VALUE";
            case VALUE_NUMBER_INT -> "NUMBER_VALUE";
            case VALUE_NUMBER_FLOAT -> "DECIMAL_VALUE";
            case VALUE_STRING -> "STRING_VALUE";
            default -> "Unexpected token received from parser";
        };
        throw CommonErrors.serialization(t == JsonToken.START_OBJECT ? "Start of structure or map found where not expected"
                : t == JsonToken.START_ARRAY ? "Unrecognized collection type class " + javaClass(javaType)
                : found.endsWith("_VALUE") ? found + " cannot be converted to " + javaType : found);
    }

    private static String javaClass(String javaType) {
        return javaType.equals("ByteBuffer") ? "java.nio.ByteBuffer"
                : javaType.equals("BigDecimal") ? "java.math.BigDecimal" : "java.lang." + javaType;
    }

    private static double readDouble(JsonParser p, JsonToken t, Member m) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return switch (p.getText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw CommonErrors.serialization("Value for '" + m.name() + "' must be a number");
            };
        }
        expect(t.isNumeric(), t, "Double");
        return p.getDoubleValue();
    }

    private Instant readInstant(JsonParser p, JsonToken t, Member m) throws IOException {
        Format f = Timestamps.effective(m, cbor ? Timestamps.Where.CBOR_BODY : Timestamps.Where.JSON_BODY);
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Timestamps.parse(p.getText(), f);
            } catch (IllegalArgumentException e) {
                throw CommonErrors.serialization("Value for '" + m.name() + "' is not a valid timestamp");
            }
        }
        expect(t.isNumeric(), t, "Date");
        if (t == JsonToken.VALUE_NUMBER_INT && (cbor || f == Format.UNIX_TIMESTAMP_MILLIS)) {
            // the SDK's CBOR generator writes epoch milliseconds (tag 1)
            return Instant.ofEpochMilli(p.getLongValue());
        }
        return Timestamps.fromEpochSeconds(p.getDecimalValue());
    }

    private Document readDocumentValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NULL:
                return Document.fromNull();
            case VALUE_TRUE:
                return Document.fromBoolean(true);
            case VALUE_FALSE:
                return Document.fromBoolean(false);
            case VALUE_STRING:
                return Document.fromString(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return Document.fromNumber(p.getText());
            case START_ARRAY: {
                List<Document> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readDocumentValue(p, e));
                }
                return Document.fromList(list);
            }
            case START_OBJECT: {
                Map<String, Document> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    map.put(key, readDocumentValue(p, p.nextToken()));
                }
                return Document.fromMap(map);
            }
            default:
                throw CommonErrors.serialization("Unexpected token in document: " + t);
        }
    }
}
