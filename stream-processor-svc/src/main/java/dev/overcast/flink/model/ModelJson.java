package dev.overcast.flink.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.overcast.common.protocol.json.JsonValueReader;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** SDK model objects as the JSON the API writes, and back: how an application's description is stored. */
public final class ModelJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonValueWriter WRITER = new JsonValueWriter(false);
    private static final JsonValueReader READER = new JsonValueReader(false);

    private ModelJson() {
    }

    public static String write(Object model) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            WRITER.writeStructure(g, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    public static <T> T read(String json, Class<T> type) {
        Shape shape = Shape.of(type);
        Object builder = shape.newBuilder();
        try (JsonParser p = JSON.createParser(json)) {
            READER.readDocument(p, shape, builder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (T) Shape.build(builder);
    }
}
