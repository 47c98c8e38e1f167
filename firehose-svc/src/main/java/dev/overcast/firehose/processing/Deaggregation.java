package dev.overcast.firehose.processing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RecordDeAggregation processor: a record holding several sub-records becomes one record each, by SubRecordType
 * JSON (concatenated JSON objects, whitespace between them ignored, split with Jackson's parser) or DELIMITED (split at
 * the Delimiter).
 */
final class Deaggregation {

    private static final JsonFactory JSON = new JsonFactory();

    private Deaggregation() {
    }

    /** The JSON objects of a record, as their own bytes. */
    static List<byte[]> json(byte[] data) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(data)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("expected a JSON object at byte " + p.currentTokenLocation().getByteOffset());
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getByteOffset();
                out.add(Arrays.copyOfRange(data, start, end));
            }
        }
        return out;
    }

    /** The parts of a record between delimiters (an empty last part, after a final delimiter, is none). */
    static List<byte[]> delimited(byte[] data, byte[] delimiter) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + delimiter.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                out.add(Arrays.copyOfRange(data, start, i));
                i += delimiter.length - 1;
                start = i + 1;
            }
        }
        if (start < data.length) {
            out.add(Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }
}
