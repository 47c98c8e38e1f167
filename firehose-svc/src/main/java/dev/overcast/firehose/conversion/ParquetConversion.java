package dev.overcast.firehose.conversion;

import dev.overcast.firehose.conversion.RecordConversion.Field;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import software.amazon.awssdk.services.firehose.model.ParquetSerDe;

/**
 * Rows to Apache Parquet with parquet-hadoop's writer: the Glue table's columns as the Parquet schema (every column
 * optional), ParquetSerDe's Compression, BlockSizeBytes, PageSizeBytes, EnableDictionaryCompression and WriterVersion.
 */
final class ParquetConversion {

    private ParquetConversion() {
    }

    /** The Parquet schema of a Glue table's columns (every column optional). */
    static MessageType schema(List<Field> fields) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Field f : fields) {
            b.addField(type(f.name(), f.type(), Type.Repetition.OPTIONAL));
        }
        return b.named("firehose");
    }

    /**
     * A column's Parquet type: decimals as FIXED_LEN_BYTE_ARRAY of the fewest bytes their precision needs (as Hive
     * writes them), arrays and maps in the standard three-level LIST and MAP shapes, structs as groups.
     */
    private static Type type(String name, ColumnType t, Type.Repetition repetition) {
        return switch (t.kind()) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType())
                    .named(name);
            case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case SMALLINT -> Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(16, true))
                    .named(name);
            case TINYINT -> Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.intType(8, true))
                    .named(name);
            case BIGINT -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
            case DATE -> Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType()).named(name);
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition).as(LogicalTypeAnnotation.timestampType(
                    true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
            case DECIMAL -> Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition).length(bytes(t.precision()))
                    .as(LogicalTypeAnnotation.decimalType(t.scale(), t.precision())).named(name);
            case ARRAY -> Types.list(repetition).element(type("element", t.element(), Type.Repetition.OPTIONAL))
                    .named(name);
            case MAP -> Types.map(repetition).key(type("key", t.key(), Type.Repetition.REQUIRED))
                    .value(type("value", t.value(), Type.Repetition.OPTIONAL)).named(name);
            case STRUCT -> {
                Types.GroupBuilder<GroupType> g = Types.buildGroup(repetition);
                for (int i = 0; i < t.names().size(); i++) {
                    g.addField(type(t.names().get(i), t.children().get(i), Type.Repetition.OPTIONAL));
                }
                yield g.named(name);
            }
        };
    }

    /** The fewest bytes whose two's complement holds every unscaled value of the precision. */
    static int bytes(int precision) {
        BigInteger max = BigInteger.TEN.pow(precision);
        int n = 1;
        while (BigInteger.ONE.shiftLeft(8 * n - 1).compareTo(max) < 0) {
            n++;
        }
        return n;
    }

    /**
     * A Parquet file written to {@code out} as parquet-hadoop's writer flushes it: the header at once, a row group when
     * its encoded pages reach BlockSizeBytes (so memory holds at most a row group's encoded, compressed pages), the
     * footer on close. The writer never seeks back, so {@code out} may be a multipart upload.
     */
    static RecordConversion.FileWriter open(List<Field> fields, ParquetSerDe serDe, OutputStream out) {
        MessageType schema = schema(fields);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        ParquetSerDe s = serDe == null ? ParquetSerDe.builder().build() : serDe;
        ParquetWriter<Group> writer;
        try {
            writer = ExampleParquetWriter.builder(new StreamOutputFile(out)).withConf(new Configuration(false))
                    .withType(schema)
                    .withCompressionCodec(switch (s.compression() == null ? "SNAPPY" : s.compressionAsString()) {
                        case "UNCOMPRESSED" -> CompressionCodecName.UNCOMPRESSED;
                        case "GZIP" -> CompressionCodecName.GZIP;
                        default -> CompressionCodecName.SNAPPY;
                    })
                    .withRowGroupSize(s.blockSizeBytes() == null ? 256L * 1024 * 1024 : s.blockSizeBytes())
                    .withPageSize(s.pageSizeBytes() == null ? 1024 * 1024 : s.pageSizeBytes())
                    .withDictionaryEncoding(!Boolean.FALSE.equals(s.enableDictionaryCompression()))
                    .withWriterVersion("V2".equals(s.writerVersionAsString()) ? ParquetProperties.WriterVersion.PARQUET_2_0
                            : ParquetProperties.WriterVersion.PARQUET_1_0)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RecordConversion.FileWriter() {
            @Override
            public void add(Object[] row) throws IOException {
                writer.write(group(groups, fields, row));
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    /** A Parquet output file that is a stream written once, front to back (its position: the bytes written). */
    private record StreamOutputFile(OutputStream out) implements OutputFile {

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private static Group group(SimpleGroupFactory groups, List<Field> fields, Object[] row) {
        Group g = groups.newGroup();
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
                add(g, fields.get(i).name(), fields.get(i).type(), row[i]);
            }
        }
        return g;
    }

    /** A value (not null) into its group: see {@link JsonRows} for the values of each type. */
    private static void add(Group g, String name, ColumnType t, Object v) {
        switch (t.kind()) {
            case STRING -> g.add(name, (String) v);
            case INT, SMALLINT, TINYINT, DATE -> g.add(name, Math.toIntExact((Long) v));
            case BIGINT, TIMESTAMP -> g.add(name, (Long) v);
            case DOUBLE -> g.add(name, (Double) v);
            case FLOAT -> g.add(name, ((Double) v).floatValue());
            case BOOLEAN -> g.add(name, (Boolean) v);
            case DECIMAL -> g.add(name, Binary.fromConstantByteArray(fixed(((BigDecimal) v).unscaledValue(),
                    bytes(t.precision()))));
            case ARRAY -> {
                Group list = g.addGroup(name);
                for (Object e : (List<?>) v) {
                    Group item = list.addGroup("list");
                    if (e != null) {
                        add(item, "element", t.element(), e);
                    }
                }
            }
            case MAP -> {
                Group map = g.addGroup(name);
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    Group entry = map.addGroup("key_value");
                    add(entry, "key", t.key(), e.getKey());
                    if (e.getValue() != null) {
                        add(entry, "value", t.value(), e.getValue());
                    }
                }
            }
            case STRUCT -> {
                Group struct = g.addGroup(name);
                Object[] values = (Object[]) v;
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null) {
                        add(struct, t.names().get(i), t.children().get(i), values[i]);
                    }
                }
            }
        }
    }

    /** An unscaled decimal as {@code n} big-endian two's complement bytes. */
    private static byte[] fixed(BigInteger unscaled, int n) {
        byte[] minimal = unscaled.toByteArray();
        byte[] out = new byte[n];
        byte pad = (byte) (unscaled.signum() < 0 ? -1 : 0);
        java.util.Arrays.fill(out, 0, n - minimal.length, pad);
        System.arraycopy(minimal, 0, out, n - minimal.length, minimal.length);
        return out;
    }
}
