package dev.overcast.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.overcast.common.protocol.json.JsonValueReader;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.protocol.model.Shape;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Bucket configurations (lifecycle, Object Lock, policy status …) stored as the SDK model shape they were sent as,
 * written as JSON by the protocol layer's own shape writer, so that a Get answers exactly what the Put stored.
 */
public final class StoredShapes {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonValueWriter WRITER = new JsonValueWriter(false);
    private static final JsonValueReader READER = new JsonValueReader(false);

    private StoredShapes() {
    }

    /** The shape as JSON; null for null. */
    public static String toJson(SdkPojo shape) {
        if (shape == null) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            WRITER.writeStructure(g, shape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The shape stored as JSON by {@link #toJson}; null for null. */
    public static <T> T fromJson(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            return type.cast(READER.readStructure(p, Shape.of(type)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
