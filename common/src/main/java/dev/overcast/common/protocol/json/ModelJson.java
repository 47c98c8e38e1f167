package dev.overcast.common.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.overcast.common.protocol.model.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * SDK model structures stored as JSON text in a service's schema (a table's description, a cluster's settings, a
 * delivery stream's destination), in the wire form of the service's JSON protocol, through the protocol layer's own
 * reader and writer: what the API answers is what was stored.
 */
public final class ModelJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonValueWriter WRITER = new JsonValueWriter(false);
    private static final JsonValueReader READER = new JsonValueReader(false);

    private ModelJson() {
    }

    /** The structure's JSON, or null for null. */
    public static String write(Object pojo) {
        if (pojo == null) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            WRITER.writeStructure(g, pojo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The structure of {@code type} that {@code json} holds, or null for null. */
    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("Not a JSON object: " + json);
            }
            return type.cast(READER.readStructure(p, Shape.of(type)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
