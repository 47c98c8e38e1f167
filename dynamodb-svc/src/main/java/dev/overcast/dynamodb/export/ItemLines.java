package dev.overcast.dynamodb.export;

import com.amazon.ion.IonReader;
import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonReaderBuilder;
import com.amazon.ion.system.IonTextWriterBuilder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.overcast.dynamodb.value.ItemJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lines of DynamoDB's export files and of the files ImportTable reads: DYNAMODB_JSON ({@code {"Item":{"a":{"S":"x"}}}},
 * one per line) and ION ({@code {Item:{a:"x"}}}: strings, decimals, blobs, structs, lists, and the sets as lists
 * annotated {@code $dynamodb_SS}, {@code $dynamodb_NS}, {@code $dynamodb_BS}); for an incremental export, a change per
 * line with its Metadata (WriteTimestampMicros), Keys, OldImage and NewImage. Ion is written and read with Amazon's
 * Ion library.
 */
public final class ItemLines {

    /** What a file being imported yields: items, and the lines that are not items (with why). */
    public interface Sink {
        void item(Map<String, AttributeValue> item);

        void error(String message);
    }

    /** The first line of an ION data file (Ion's version marker). */
    public static final String ION_VERSION_MARKER = "$ion_1_0";

    private static final JsonFactory JSON = new JsonFactory();
    private static final IonTextWriterBuilder ION_TEXT = IonTextWriterBuilder.minimal();

    private ItemLines() {
    }

    /** A DYNAMODB_JSON line of a full export, from an item as stored ({@link ItemJson}'s form). */
    public static String jsonItem(String storedItem) {
        return "{\"Item\":" + storedItem + "}";
    }

    /** A DYNAMODB_JSON line of an incremental export: a change (old or new image null when the item was absent). */
    public static String jsonChange(long writeMicros, Map<String, AttributeValue> keys, String oldImage, String newImage) {
        StringBuilder b = new StringBuilder(256).append("{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"")
                .append(writeMicros).append("\"}},\"Keys\":").append(ItemJson.write(keys));
        if (oldImage != null) {
            b.append(",\"OldImage\":").append(oldImage);
        }
        if (newImage != null) {
            b.append(",\"NewImage\":").append(newImage);
        }
        return b.append('}').toString();
    }

    /** An ION line of a full export. */
    public static String ionItem(Map<String, AttributeValue> item) {
        return ion(w -> {
            w.stepIn(IonType.STRUCT);
            w.setFieldName("Item");
            writeIonMap(w, item);
            w.stepOut();
        });
    }

    /** An ION line of an incremental export. */
    public static String ionChange(long writeMicros, Map<String, AttributeValue> keys, Map<String, AttributeValue> oldImage,
                                   Map<String, AttributeValue> newImage) {
        return ion(w -> {
            w.stepIn(IonType.STRUCT);
            w.setFieldName("Metadata");
            w.stepIn(IonType.STRUCT);
            w.setFieldName("WriteTimestampMicros");
            w.writeInt(writeMicros);
            w.stepOut();
            w.setFieldName("Keys");
            writeIonMap(w, keys);
            if (oldImage != null) {
                w.setFieldName("OldImage");
                writeIonMap(w, oldImage);
            }
            if (newImage != null) {
                w.setFieldName("NewImage");
                writeIonMap(w, newImage);
            }
            w.stepOut();
        });
    }

    private interface IonBody {
        void write(IonWriter w) throws IOException;
    }

    private static String ion(IonBody body) {
        StringBuilder out = new StringBuilder(256);
        try (IonWriter w = ION_TEXT.build(out)) {
            body.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeIonMap(IonWriter w, Map<String, AttributeValue> m) throws IOException {
        w.stepIn(IonType.STRUCT);
        for (Map.Entry<String, AttributeValue> e : m.entrySet()) {
            w.setFieldName(e.getKey());
            writeIon(w, e.getValue());
        }
        w.stepOut();
    }

    private static void writeIon(IonWriter w, AttributeValue v) throws IOException {
        switch (v.type()) {
            case S -> w.writeString(v.s());
            case N -> w.writeDecimal(new BigDecimal(v.n()));
            case B -> w.writeBlob(v.b().asByteArrayUnsafe());
            case BOOL -> w.writeBool(v.bool());
            case NUL -> w.writeNull();
            case M -> writeIonMap(w, v.m());
            case L -> {
                w.stepIn(IonType.LIST);
                for (AttributeValue e : v.l()) {
                    writeIon(w, e);
                }
                w.stepOut();
            }
            case SS -> {
                w.setTypeAnnotations("$dynamodb_SS");
                w.stepIn(IonType.LIST);
                for (String s : v.ss()) {
                    w.writeString(s);
                }
                w.stepOut();
            }
            case NS -> {
                w.setTypeAnnotations("$dynamodb_NS");
                w.stepIn(IonType.LIST);
                for (String n : v.ns()) {
                    w.writeDecimal(new BigDecimal(n));
                }
                w.stepOut();
            }
            case BS -> {
                w.setTypeAnnotations("$dynamodb_BS");
                w.stepIn(IonType.LIST);
                for (SdkBytes b : v.bs()) {
                    w.writeBlob(b.asByteArrayUnsafe());
                }
                w.stepOut();
            }
            default -> throw new IllegalArgumentException("unknown attribute value type " + v.type());
        }
    }

    /** Reads DYNAMODB_JSON lines ({@code {"Item":{…}}}), giving each item or the reason a line is not one. */
    public static void readJson(BufferedReader in, Sink sink) throws IOException {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String item;
            try {
                item = jsonMember(line, "Item");
            } catch (IOException | RuntimeException e) {
                sink.error("line " + number + ": not a JSON object: " + e.getMessage());
                continue;
            }
            if (item == null) {
                sink.error("line " + number + ": no Item in the line");
                continue;
            }
            try {
                sink.item(ItemJson.read(item));
            } catch (RuntimeException e) {
                sink.error("line " + number + ": " + e.getMessage());
            }
        }
    }

    /** The JSON text of a top-level member of an object, or null when it has none. */
    private static String jsonMember(String line, String member) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the line is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals(member)) {
                    StringWriter out = new StringWriter(line.length());
                    try (JsonGenerator g = JSON.createGenerator(out)) {
                        g.copyCurrentStructure(p);
                    }
                    return out.toString();
                }
                p.skipChildren();
            }
            return null;
        }
    }

    /** Reads ION values ({@code {Item:{…}}}), giving each item or the reason a value is not one. */
    public static void readIon(InputStream in, Sink sink) throws IOException {
        try (IonReader r = IonReaderBuilder.standard().build(in)) {
            long number = 0;
            IonType type;
            while ((type = r.next()) != null) {
                number++;
                if (type != IonType.STRUCT || r.isNullValue()) {
                    sink.error("value " + number + ": not a struct: " + type);
                    continue;
                }
                Map<String, AttributeValue> item = null;
                String problem = "no Item in the value";
                r.stepIn();
                while (r.next() != null) {
                    if ("Item".equals(r.getFieldName())) {
                        try {
                            AttributeValue v = readIon(r);
                            if (v.hasM()) {
                                item = v.m();
                            } else {
                                problem = "Item is not a struct";
                            }
                        } catch (RuntimeException e) {
                            problem = e.getMessage();
                        }
                    }
                }
                r.stepOut();
                if (item != null) {
                    sink.item(item);
                } else {
                    sink.error("value " + number + ": " + problem);
                }
            }
        }
    }

    private static AttributeValue readIon(IonReader r) {
        IonType type = r.getType();
        if (r.isNullValue()) {
            return AttributeValue.fromNul(true);
        }
        String[] annotations = r.getTypeAnnotations();
        String set = annotations.length > 0 && annotations[0].startsWith("$dynamodb_") ? annotations[0] : null;
        switch (type) {
            case STRING, SYMBOL:
                return AttributeValue.fromS(r.stringValue());
            case DECIMAL:
                return AttributeValue.fromN(r.bigDecimalValue().toString());
            case INT:
                return AttributeValue.fromN(r.bigIntegerValue().toString());
            case FLOAT:
                return AttributeValue.fromN(Double.toString(r.doubleValue()));
            case BLOB, CLOB:
                return AttributeValue.fromB(SdkBytes.fromByteArray(r.newBytes()));
            case BOOL:
                return AttributeValue.fromBool(r.booleanValue());
            case STRUCT: {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                r.stepIn();
                while (r.next() != null) {
                    m.put(r.getFieldName(), readIon(r));
                }
                r.stepOut();
                return AttributeValue.fromM(m);
            }
            case LIST, SEXP: {
                List<AttributeValue> l = new ArrayList<>();
                r.stepIn();
                while (r.next() != null) {
                    l.add(readIon(r));
                }
                r.stepOut();
                return set == null ? AttributeValue.fromL(l) : set(set, l);
            }
            default:
                throw new IllegalArgumentException("unsupported Ion type " + type);
        }
    }

    private static AttributeValue set(String annotation, List<AttributeValue> members) {
        return switch (annotation) {
            case "$dynamodb_SS" -> AttributeValue.fromSs(members.stream().map(m -> require(m.s(), annotation)).toList());
            case "$dynamodb_NS" -> AttributeValue.fromNs(members.stream().map(m -> require(m.n(), annotation)).toList());
            case "$dynamodb_BS" -> AttributeValue.fromBs(members.stream().map(m -> require(m.b(), annotation)).toList());
            default -> throw new IllegalArgumentException("unknown annotation " + annotation);
        };
    }

    private static <T> T require(T member, String annotation) {
        if (member == null) {
            throw new IllegalArgumentException("a member of a " + annotation + " list is not of the set's type");
        }
        return member;
    }
}
