package dev.overcast.glue.classifier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;
import software.amazon.awssdk.services.glue.model.Classifier;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * Classifies one sampled object with the crawler's custom classifiers (grok, XML, JSON and CSV ones, in the crawler's
 * order), then as Glue's built-in classifiers do: Avro, Parquet and ORC by their magic bytes and
 * embedded schema (Parquet's footer), then JSON, then CSV. gzip and snappy (framed or raw) bodies are decompressed
 * first. {@code null} when no classifier recognises the object (Glue's UNKNOWN).
 */
public final class FileClassifier {

    /** The most of a compressed object's head that is decompressed for sampling. */
    static final int SAMPLE_LIMIT = 1 << 20;

    private FileClassifier() {
    }

    public static FileSchema classify(ObjectSample sample, List<Classifier> custom) {
        byte[] head = sample.head();
        if (startsWith(head, "Obj\u0001")) {
            return avro(head);
        }
        if (startsWith(head, "PAR1") && sample.size() >= 12) {
            return parquet(sample);
        }
        if (startsWith(head, "ORC") && sample.size() > 4) {
            List<Column> columns = OrcTypes.columns(sample);
            return columns == null ? null : new FileSchema("orc", "none", columns, Map.of());
        }
        String compression = "none";
        if (head.length > 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            head = inflate(() -> new GZIPInputStream(new ByteArrayInputStream(sample.head())));
            compression = "gzip";
        } else if (head.length > 10 && (head[0] & 0xff) == 0xff && startsWithAt(head, 4, "sNaPpY")) {
            head = inflate(() -> new SnappyFramedInputStream(new ByteArrayInputStream(sample.head())));
            compression = "snappy";
        } else if (sample.key().endsWith(".snappy") && rawSnappy(head) != null) {
            head = rawSnappy(head);
            compression = "snappy";
        }
        if (head == null) {
            return null;
        }
        boolean truncated = compression.equals("none") && sample.size() > head.length
                || !compression.equals("none") && head.length >= SAMPLE_LIMIT;
        String text = new String(head, StandardCharsets.UTF_8);
        for (Classifier c : custom) {
            FileSchema s = null;
            if (c.csvClassifier() != null) {
                s = TextFormats.csv(text, truncated, compression, c.csvClassifier());
            } else if (c.jsonClassifier() != null) {
                s = TextFormats.json(text, compression, c.jsonClassifier().jsonPath());
            } else if (c.grokClassifier() != null) {
                s = Grok.classify(text, truncated, compression, c.grokClassifier());
            } else if (c.xmlClassifier() != null) {
                s = XmlFormat.classify(text, compression, c.xmlClassifier());
            }
            if (s != null) {
                return s;
            }
        }
        FileSchema json = TextFormats.json(text, compression, null);
        return json != null ? json : TextFormats.csv(text, truncated, compression, null);
    }

    private static FileSchema avro(byte[] head) {
        try (DataFileStream<Object> in = new DataFileStream<>(new ByteArrayInputStream(head), new GenericDatumReader<>())) {
            return new FileSchema("avro", "none", AvroTypes.columns(in.getSchema()), Map.of());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static FileSchema parquet(ObjectSample sample) {
        byte[] tail = sample.range(sample.size() - 8, 8);
        if (!new String(tail, 4, 4, StandardCharsets.US_ASCII).equals("PAR1")) {
            return null;
        }
        int length = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length <= 0 || length > sample.size() - 12) {
            return null;
        }
        try {
            FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(sample.range(sample.size() - 8 - length, length)));
            return new FileSchema("parquet", "none", ParquetTypes.columns(meta.getSchema()), Map.of());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** Up to {@link #SAMPLE_LIMIT} bytes of a compressed head (a truncated stream ends the sample). */
    private static byte[] inflate(Opener opener) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = opener.open()) {
            byte[] buf = new byte[8192];
            int n;
            while (out.size() < SAMPLE_LIMIT && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the head ends inside the compressed stream: what was decompressed is the sample
        }
        return out.size() == 0 ? null : out.toByteArray();
    }

    private static byte[] rawSnappy(byte[] head) {
        try {
            return Snappy.isValidCompressedBuffer(head) ? Snappy.uncompress(head) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, String magic) {
        return startsWithAt(b, 0, magic);
    }

    private static boolean startsWithAt(byte[] b, int at, String magic) {
        if (b.length < at + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b[at + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
