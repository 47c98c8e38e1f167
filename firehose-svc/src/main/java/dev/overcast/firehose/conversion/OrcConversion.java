package dev.overcast.firehose.conversion;

import dev.overcast.firehose.conversion.RecordConversion.Field;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DecimalColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ListColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.MapColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.StructColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcConf;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.orc.impl.PhysicalFsWriter;
import org.apache.orc.impl.writer.WriterEncryptionVariant;
import software.amazon.awssdk.services.firehose.model.OrcSerDe;

/**
 * Rows to Apache ORC with orc-core's writer, streamed: the Glue table's columns as the ORC struct, OrcSerDe's
 * StripeSizeBytes (64 MiB by default), BlockSizeBytes (256 MiB), RowIndexStride (10,000), EnablePadding (off) and
 * PaddingTolerance (0.05), Compression (SNAPPY; NONE, ZLIB), BloomFilterColumns with
 * BloomFilterFalsePositiveProbability (0.05), DictionaryKeyThreshold and FormatVersion (V0_12). Timestamps are written
 * in UTC.
 */
final class OrcConversion {

    private static final long MIB = 1024L * 1024;

    private OrcConversion() {
    }

    /** The ORC schema of a Glue table's columns. */
    static TypeDescription schema(List<Field> fields) {
        TypeDescription struct = TypeDescription.createStruct();
        for (Field f : fields) {
            struct.addField(f.name(), type(f.type()));
        }
        return struct;
    }

    private static TypeDescription type(ColumnType t) {
        return switch (t.kind()) {
            case STRING -> TypeDescription.createString();
            case INT -> TypeDescription.createInt();
            case SMALLINT -> TypeDescription.createShort();
            case TINYINT -> TypeDescription.createByte();
            case BIGINT -> TypeDescription.createLong();
            case DOUBLE -> TypeDescription.createDouble();
            case FLOAT -> TypeDescription.createFloat();
            case BOOLEAN -> TypeDescription.createBoolean();
            case DATE -> TypeDescription.createDate();
            case TIMESTAMP -> TypeDescription.createTimestamp();
            // the scale first: a precision below the default scale (10) would be refused
            case DECIMAL -> TypeDescription.createDecimal().withScale(t.scale()).withPrecision(t.precision());
            case ARRAY -> TypeDescription.createList(type(t.element()));
            case MAP -> TypeDescription.createMap(type(t.key()), type(t.value()));
            case STRUCT -> {
                TypeDescription struct = TypeDescription.createStruct();
                for (int i = 0; i < t.names().size(); i++) {
                    struct.addField(t.names().get(i), type(t.children().get(i)));
                }
                yield struct;
            }
        };
    }

    /** Row batches are handed to ORC's writer when they hold this many bytes of values (or are full). */
    private static final long BATCH_BYTES = MIB;

    /**
     * An ORC file written to {@code out} as orc-core's writer flushes it: a stripe when its buffered streams reach
     * StripeSizeBytes (memory is checked at every row batch handed over), the footer on close. The physical writer
     * never seeks back, so {@code out} may be a multipart upload.
     */
    static RecordConversion.FileWriter open(List<Field> fields, OrcSerDe serDe, OutputStream out) {
        OrcSerDe s = serDe == null ? OrcSerDe.builder().build() : serDe;
        TypeDescription schema = schema(fields);
        Configuration conf = new Configuration(false);
        if (s.dictionaryKeyThreshold() != null) {
            OrcConf.DICTIONARY_KEY_SIZE_THRESHOLD.setDouble(conf, s.dictionaryKeyThreshold());
        }
        OrcConf.ROWS_BETWEEN_CHECKS.setLong(conf, 1);
        Writer writer;
        try {
            OrcFile.WriterOptions options = OrcFile.writerOptions(conf).setSchema(schema)
                    .stripeSize(s.stripeSizeBytes() == null ? 64 * MIB : s.stripeSizeBytes())
                    .blockSize(s.blockSizeBytes() == null ? 256 * MIB : s.blockSizeBytes())
                    .rowIndexStride(s.rowIndexStride() == null ? 10_000 : s.rowIndexStride())
                    .blockPadding(Boolean.TRUE.equals(s.enablePadding()))
                    .paddingTolerance(s.paddingTolerance() == null ? 0.05 : s.paddingTolerance())
                    .compress(switch (s.compression() == null ? "SNAPPY" : s.compressionAsString()) {
                        case "NONE" -> CompressionKind.NONE;
                        case "ZLIB" -> CompressionKind.ZLIB;
                        default -> CompressionKind.SNAPPY;
                    })
                    .version("V0_11".equals(s.formatVersionAsString()) ? OrcFile.Version.V_0_11 : OrcFile.Version.V_0_12)
                    .useUTCTimestamp(true)
                    // never used (the physical writer below writes to the stream); given so that ORC does not look one
                    // up, which would start Hadoop's user login
                    .fileSystem(new RawLocalFileSystem());
            if (s.hasBloomFilterColumns() && !s.bloomFilterColumns().isEmpty()) {
                options.bloomFilterColumns(String.join(",", s.bloomFilterColumns()))
                        .bloomFilterFpp(s.bloomFilterFalsePositiveProbability() == null ? 0.05
                                : s.bloomFilterFalsePositiveProbability());
            }
            options.physicalWriter(new PhysicalFsWriter(new FSDataOutputStream(out, null), options,
                    new WriterEncryptionVariant[0]));
            writer = OrcFile.createWriter(new Path("firehose.orc"), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VectorizedRowBatch batch = schema.createRowBatch();
        return new RecordConversion.FileWriter() {
            private long batchBytes;

            @Override
            public void add(Object[] row) throws IOException {
                int r = batch.size++;
                for (int c = 0; c < row.length; c++) {
                    set(batch.cols[c], r, fields.get(c).type(), row[c]);
                    batchBytes += RecordConversion.size(row[c]);
                }
                if (batch.size == batch.getMaxSize() || batchBytes >= BATCH_BYTES) {
                    flush();
                }
            }

            private void flush() throws IOException {
                if (batch.size > 0) {
                    writer.addRowBatch(batch);
                    batch.reset();
                }
                batchBytes = 0;
            }

            @Override
            public void close() throws IOException {
                flush();
                writer.close();
            }
        };
    }

    /** A value into its column vector at row {@code r}: see {@link JsonRows} for the values of each type. */
    private static void set(ColumnVector column, int r, ColumnType t, Object v) {
        if (v == null) {
            column.noNulls = false;
            column.isNull[r] = true;
            return;
        }
        column.isNull[r] = false;
        switch (t.kind()) {
            case STRING -> ((BytesColumnVector) column).setVal(r, ((String) v).getBytes(StandardCharsets.UTF_8));
            case INT, SMALLINT, TINYINT, BIGINT, DATE -> ((LongColumnVector) column).vector[r] = (Long) v;
            case BOOLEAN -> ((LongColumnVector) column).vector[r] = (Boolean) v ? 1 : 0;
            case DOUBLE, FLOAT -> ((DoubleColumnVector) column).vector[r] = (Double) v;
            case TIMESTAMP -> ((TimestampColumnVector) column).set(r, new Timestamp((Long) v));
            case DECIMAL -> ((DecimalColumnVector) column).set(r, HiveDecimal.create((BigDecimal) v));
            case ARRAY -> {
                ListColumnVector list = (ListColumnVector) column;
                List<?> values = (List<?>) v;
                int offset = list.childCount;
                list.offsets[r] = offset;
                list.lengths[r] = values.size();
                list.childCount += values.size();
                list.child.ensureSize(list.childCount, true);
                for (int i = 0; i < values.size(); i++) {
                    set(list.child, offset + i, t.element(), values.get(i));
                }
            }
            case MAP -> {
                MapColumnVector map = (MapColumnVector) column;
                Map<?, ?> values = (Map<?, ?>) v;
                int offset = map.childCount;
                map.offsets[r] = offset;
                map.lengths[r] = values.size();
                map.childCount += values.size();
                map.keys.ensureSize(map.childCount, true);
                map.values.ensureSize(map.childCount, true);
                int i = offset;
                for (Map.Entry<?, ?> e : values.entrySet()) {
                    set(map.keys, i, t.key(), e.getKey());
                    set(map.values, i, t.value(), e.getValue());
                    i++;
                }
            }
            case STRUCT -> {
                StructColumnVector struct = (StructColumnVector) column;
                Object[] values = (Object[]) v;
                for (int i = 0; i < values.length; i++) {
                    set(struct.fields[i], r, t.children().get(i), values[i]);
                }
            }
        }
    }
}
