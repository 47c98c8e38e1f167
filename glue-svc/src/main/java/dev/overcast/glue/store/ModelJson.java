package dev.overcast.glue.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.overcast.common.protocol.json.JsonValueReader;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** SDK model objects stored as their JSON wire form, with the protocol layer's own reader and writer. */
public final class ModelJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonValueWriter WRITER = new JsonValueWriter(false);
    private static final JsonValueReader READER = new JsonValueReader(false);

    private ModelJson() {
    }

    public static String write(Object pojo) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            WRITER.writeStructure(g, pojo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    public static <T> T read(String json, Class<T> type) {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return (T) READER.readStructure(p, Shape.of(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
