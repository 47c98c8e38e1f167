package dev.overcast.common.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.model.Timestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.traits.TimestampFormatTrait.Format;

/** Writes model shapes to a Jackson generator: JSON text and CBOR alike. Unset members are omitted. */
public final class JsonValueWriter {

    private final boolean cbor;

    public JsonValueWriter(boolean cbor) {
        this.cbor = cbor;
    }

    /** Writes a structure as an object. */
    public void writeStructure(JsonGenerator g, Object pojo) throws IOException {
        g.writeStartObject();
        writeMembers(g, Shape.of(pojo.getClass()), pojo, Set.of());
        g.writeEndObject();
    }

    /** Writes the payload members of a model object as fields of the current object, except the excluded names. */
    public void writeMembers(JsonGenerator g, Shape shape, Object pojo, Set<String> excluded) throws IOException {
        for (Member m : shape.payloadMembers()) {
            Object v = m.get(pojo);
            if (v == null || excluded.contains(m.name())) {
                continue;
            }
            g.writeFieldName(m.name());
            writeValue(g, m, v);
        }
    }

    public void writeValue(JsonGenerator g, Member m, Object v) throws IOException {
        switch (m.type()) {
            case STRING -> g.writeString(v.toString());
            case INTEGER, SHORT, BYTE -> g.writeNumber(((Number) v).intValue());
            case LONG -> g.writeNumber(((Number) v).longValue());
            case FLOAT -> writeDouble(g, ((Number) v).floatValue(), true);
            case DOUBLE -> writeDouble(g, ((Number) v).doubleValue(), false);
            case BIG_DECIMAL -> g.writeNumber((BigDecimal) v);
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case INSTANT -> writeInstant(g, m, (Instant) v);
            case SDK_BYTES -> g.writeBinary(((SdkBytes) v).asByteArrayUnsafe());
            case SDK_POJO -> writeStructure(g, v);
            case LIST -> {
                g.writeStartArray();
                for (Object e : (List<?>) v) {
                    if (e == null) {
                        g.writeNull();
                    } else {
                        writeValue(g, m.element(), e);
                    }
                }
                g.writeEndArray();
            }
            case MAP -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    if (e.getValue() == null) {
                        g.writeNull();
                    } else {
                        writeValue(g, m.mapValue(), e.getValue());
                    }
                }
                g.writeEndObject();
            }
            case DOCUMENT -> writeDocument(g, (Document) v);
            default -> g.writeNull();
        }
    }

    private static void writeDouble(JsonGenerator g, double d, boolean asFloat) throws IOException {
        if (Double.isNaN(d)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(d)) {
            g.writeString(d > 0 ? "Infinity" : "-Infinity");
        } else if (asFloat) {
            g.writeNumber((float) d);
        } else {
            g.writeNumber(d);
        }
    }

    private void writeInstant(JsonGenerator g, Member m, Instant instant) throws IOException {
        Format f = Timestamps.effective(m, cbor ? Timestamps.Where.CBOR_BODY : Timestamps.Where.JSON_BODY);
        switch (f) {
            case ISO_8601, RFC_822 -> g.writeString(Timestamps.format(instant, f));
            case UNIX_TIMESTAMP_MILLIS -> {
                if (g instanceof CBORGenerator cg) {
                    cg.writeTag(1);
                }
                g.writeNumber(instant.toEpochMilli());
            }
            case UNIX_TIMESTAMP -> {
                if (g instanceof CBORGenerator cg) {
                    cg.writeTag(1);
                }
                BigDecimal s = Timestamps.epochSeconds(instant);
                if (s.scale() == 0) {
                    g.writeNumber(s.longValueExact());
                } else if (cbor) {
                    g.writeNumber(s.doubleValue());
                } else {
                    g.writeNumber(s);
                }
            }
        }
    }

    private void writeDocument(JsonGenerator g, Document d) throws IOException {
        if (d == null || d.isNull()) {
            g.writeNull();
        } else if (d.isBoolean()) {
            g.writeBoolean(d.asBoolean());
        } else if (d.isString()) {
            g.writeString(d.asString());
        } else if (d.isNumber()) {
            g.writeNumber(d.asNumber().bigDecimalValue());
        } else if (d.isList()) {
            g.writeStartArray();
            for (Document e : d.asList()) {
                writeDocument(g, e);
            }
            g.writeEndArray();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, Document> e : d.asMap().entrySet()) {
                g.writeFieldName(e.getKey());
                writeDocument(g, e.getValue());
            }
            g.writeEndObject();
        }
    }
}
