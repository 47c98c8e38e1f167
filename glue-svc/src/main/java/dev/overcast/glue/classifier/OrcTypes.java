package dev.overcast.glue.classifier;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.orc.OrcProto;
import org.xerial.snappy.Snappy;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The schema of an ORC file, read from its tail with ORC's own protobuf structures (orc-format), without Hadoop: the
 * last byte is the PostScript's length, the PostScript gives the footer's length and compression, and the footer's
 * type tree gives the columns, named as Hive names them. Footers compressed with ZLIB, SNAPPY or ZSTD are read; LZ4 and
 * LZO ones are not recognised.
 */
final class OrcTypes {

    /** The most of an ORC tail read in one range request; a larger footer is read with a second one. */
    static final int TAIL_GUESS = 16 * 1024;

    private OrcTypes() {
    }

    /** The columns of the ORC file, or null when its tail is not ORC's (or is compressed in a way not read here). */
    static List<Column> columns(ObjectSample sample) {
        long size = sample.size();
        int guess = (int) Math.min(size, TAIL_GUESS);
        byte[] tail = sample.range(size - guess, guess);
        int psLength = tail[tail.length - 1] & 0xff;
        if (psLength == 0 || psLength + 1 > tail.length) {
            return null;
        }
        try {
            OrcProto.PostScript ps = OrcProto.PostScript.parseFrom(
                    java.util.Arrays.copyOfRange(tail, tail.length - 1 - psLength, tail.length - 1));
            if (!"ORC".equals(ps.getMagic())) {
                return null;
            }
            long footerLength = ps.getFooterLength();
            if (footerLength <= 0 || footerLength + psLength + 1 > size) {
                return null;
            }
            byte[] footerBytes;
            int end = tail.length - 1 - psLength;
            if (footerLength <= end) {
                footerBytes = java.util.Arrays.copyOfRange(tail, end - (int) footerLength, end);
            } else {
                footerBytes = sample.range(size - 1 - psLength - footerLength, (int) footerLength);
            }
            OrcProto.Footer footer = OrcProto.Footer.parseFrom(decompress(ps.getCompression(), footerBytes));
            List<OrcProto.Type> types = footer.getTypesList();
            if (types.isEmpty() || types.get(0).getKind() != OrcProto.Type.Kind.STRUCT) {
                return null;
            }
            OrcProto.Type root = types.get(0);
            List<Column> out = new ArrayList<>();
            for (int i = 0; i < root.getSubtypesCount(); i++) {
                out.add(Types.column(root.getFieldNames(i), type(types, root.getSubtypes(i))));
            }
            return out;
        } catch (IOException | DataFormatException | RuntimeException e) {
            return null;
        }
    }

    /** Hive's name of the type at {@code id} of the file's type tree. */
    private static String type(List<OrcProto.Type> types, int id) {
        OrcProto.Type t = types.get(id);
        return switch (t.getKind()) {
            case BOOLEAN -> "boolean";
            case BYTE -> "tinyint";
            case SHORT -> "smallint";
            case INT -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BINARY -> "binary";
            case TIMESTAMP, TIMESTAMP_INSTANT -> "timestamp";
            case DATE -> "date";
            case DECIMAL -> "decimal(" + (t.hasPrecision() ? t.getPrecision() : 38) + ","
                    + (t.hasScale() ? t.getScale() : 10) + ")";
            case VARCHAR -> "varchar(" + t.getMaximumLength() + ")";
            case CHAR -> "char(" + t.getMaximumLength() + ")";
            case LIST -> "array<" + type(types, t.getSubtypes(0)) + ">";
            case MAP -> "map<" + type(types, t.getSubtypes(0)) + "," + type(types, t.getSubtypes(1)) + ">";
            case UNION -> {
                StringBuilder s = new StringBuilder("uniontype<");
                for (int i = 0; i < t.getSubtypesCount(); i++) {
                    s.append(i == 0 ? "" : ",").append(type(types, t.getSubtypes(i)));
                }
                yield s.append('>').toString();
            }
            case STRUCT -> {
                StringBuilder s = new StringBuilder("struct<");
                for (int i = 0; i < t.getSubtypesCount(); i++) {
                    s.append(i == 0 ? "" : ",").append(t.getFieldNames(i)).append(':').append(type(types, t.getSubtypes(i)));
                }
                yield s.append('>').toString();
            }
            default -> throw new IllegalArgumentException("ORC type " + t.getKind() + " has no Hive type");
        };
    }

    /**
     * ORC's compressed streams: chunks, each after a 3-byte little-endian header holding the chunk's length shifted
     * left by one and, in its lowest bit, whether the chunk is stored uncompressed.
     */
    private static byte[] decompress(OrcProto.CompressionKind kind, byte[] in) throws IOException, DataFormatException {
        if (kind == OrcProto.CompressionKind.NONE) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos + 3 <= in.length) {
            int header = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff) << 16;
            int length = header >>> 1;
            pos += 3;
            if (pos + length > in.length) {
                throw new IOException("ORC chunk past the footer's end");
            }
            byte[] chunk = java.util.Arrays.copyOfRange(in, pos, pos + length);
            pos += length;
            if ((header & 1) == 1) {
                out.write(chunk);
                continue;
            }
            switch (kind) {
                case ZLIB -> {
                    Inflater inflater = new Inflater(true);
                    inflater.setInput(chunk);
                    byte[] buf = new byte[64 * 1024];
                    while (!inflater.finished()) {
                        int n = inflater.inflate(buf);
                        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                            break;
                        }
                        out.write(buf, 0, n);
                    }
                    inflater.end();
                }
                case SNAPPY -> out.write(Snappy.uncompress(chunk));
                case ZSTD -> {
                    long original = Zstd.getFrameContentSize(chunk);
                    out.write(Zstd.decompress(chunk, (int) (original > 0 ? original : 4L * 1024 * 1024)));
                }
                default -> throw new IOException("ORC compression " + kind + " is not read");
            }
        }
        return out.toByteArray();
    }
}
