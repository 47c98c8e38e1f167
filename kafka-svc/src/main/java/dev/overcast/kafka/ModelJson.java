package dev.overcast.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.overcast.common.protocol.json.JsonValueReader;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * SDK model structures stored as JSON text in the schema (a cluster's settings, an operation's source and target), in
 * the wire form MSK itself uses, through the protocol layer's own reader and writer.
 */
public final class ModelJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonValueWriter WRITER = new JsonValueWriter(false);
    private static final JsonValueReader READER = new JsonValueReader(false);

    private ModelJson() {
    }

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
