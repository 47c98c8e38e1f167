package dev.overcast.dynamodb.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items as stored: DynamoDB's own JSON form ({@code {"a":{"S":"x"}}}), binary as base64. */
public final class ItemJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ItemJson() {
    }

    public static String write(Map<String, AttributeValue> item) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeMap(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A JSON array of stored items, as a list of items is on the wire. */
    public static String array(List<String> stored) {
        StringBuilder b = new StringBuilder(stored.stream().mapToInt(String::length).sum() + stored.size() + 2).append('[');
        for (int i = 0; i < stored.size(); i++) {
            b.append(i == 0 ? "" : ",").append(stored.get(i));
        }
        return b.append(']').toString();
    }

    public static Map<String, AttributeValue> read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return readMap(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMap(JsonGenerator g, Map<String, AttributeValue> m) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, AttributeValue v) throws IOException {
        g.writeStartObject();
        switch (v.type()) {
            case S -> g.writeStringField("S", v.s());
            case N -> g.writeStringField("N", v.n());
            case B -> g.writeStringField("B", Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe()));
            case BOOL -> g.writeBooleanField("BOOL", v.bool());
            case NUL -> g.writeBooleanField("NULL", true);
            case SS -> {
                g.writeArrayFieldStart("SS");
                for (String s : v.ss()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            case NS -> {
                g.writeArrayFieldStart("NS");
                for (String s : v.ns()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            case BS -> {
                g.writeArrayFieldStart("BS");
                for (SdkBytes b : v.bs()) {
                    g.writeString(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
                }
                g.writeEndArray();
            }
            case M -> {
                g.writeFieldName("M");
                writeMap(g, v.m());
            }
            case L -> {
                g.writeArrayFieldStart("L");
                for (AttributeValue e : v.l()) {
                    writeValue(g, e);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + v);
        }
        g.writeEndObject();
    }

    /** At START_OBJECT of a map; ends at its END_OBJECT. */
    private static Map<String, AttributeValue> readMap(JsonParser p) throws IOException {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, readValue(p));
        }
        return m;
    }

    private static AttributeValue readValue(JsonParser p) throws IOException {
        p.nextToken();
        String type = p.currentName();
        p.nextToken();
        AttributeValue v = switch (type) {
            case "S" -> AttributeValue.fromS(p.getText());
            case "N" -> AttributeValue.fromN(p.getText());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(p.getText())));
            case "BOOL" -> AttributeValue.fromBool(p.getBooleanValue());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(strings(p));
            case "NS" -> AttributeValue.fromNs(strings(p));
            case "BS" -> AttributeValue.fromBs(strings(p).stream()
                    .map(s -> SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(s))).toList());
            case "M" -> AttributeValue.fromM(readMap(p));
            case "L" -> {
                List<AttributeValue> l = new ArrayList<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    l.add(readValue(p));
                }
                yield AttributeValue.fromL(l);
            }
            default -> throw new IllegalStateException("unknown stored type " + type);
        };
        p.nextToken(); // END_OBJECT of the value
        return v;
    }

    private static List<String> strings(JsonParser p) throws IOException {
        List<String> l = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            l.add(p.getText());
        }
        return l;
    }
}
