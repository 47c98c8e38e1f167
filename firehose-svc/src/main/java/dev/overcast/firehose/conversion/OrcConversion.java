package dev.overcast.firehose.conversion;

import dev.overcast.firehose.conversion.RecordConversion.Field;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.DoubleColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
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
 * Rows to Apache ORC with orc-core's writer, into memory: the Glue table's columns as the ORC struct, OrcSerDe's
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
            struct.addField(f.name(), switch (f.kind()) {
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
            });
        }
        return struct;
    }

    /** The rows (see {@link RecordConversion#row}) as an ORC file. */
    static byte[] write(List<Field> fields, OrcSerDe serDe, List<Object[]> rows) {
        OrcSerDe s = serDe == null ? OrcSerDe.builder().build() : serDe;
        TypeDescription schema = schema(fields);
        Configuration conf = new Configuration(false);
        if (s.dictionaryKeyThreshold() != null) {
            OrcConf.DICTIONARY_KEY_SIZE_THRESHOLD.setDouble(conf, s.dictionaryKeyThreshold());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
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
                    // never used (the physical writer below writes to memory); given so that ORC does not look one up,
                    // which would start Hadoop's user login
                    .fileSystem(new RawLocalFileSystem());
            if (s.hasBloomFilterColumns() && !s.bloomFilterColumns().isEmpty()) {
                options.bloomFilterColumns(String.join(",", s.bloomFilterColumns()))
                        .bloomFilterFpp(s.bloomFilterFalsePositiveProbability() == null ? 0.05
                                : s.bloomFilterFalsePositiveProbability());
            }
            options.physicalWriter(new PhysicalFsWriter(new FSDataOutputStream(bytes, null), options,
                    new WriterEncryptionVariant[0]));
            try (Writer writer = OrcFile.createWriter(new Path("firehose.orc"), options)) {
                VectorizedRowBatch batch = schema.createRowBatch();
                for (Object[] row : rows) {
                    int r = batch.size++;
                    for (int c = 0; c < row.length; c++) {
                        set(batch.cols[c], r, fields.get(c), row[c]);
                    }
                    if (batch.size == batch.getMaxSize()) {
                        writer.addRowBatch(batch);
                        batch.reset();
                    }
                }
                if (batch.size > 0) {
                    writer.addRowBatch(batch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void set(ColumnVector column, int r, Field f, Object v) {
        if (v == null) {
            column.noNulls = false;
            column.isNull[r] = true;
            return;
        }
        column.isNull[r] = false;
        switch (f.kind()) {
            case STRING -> ((BytesColumnVector) column).setVal(r, ((String) v).getBytes(StandardCharsets.UTF_8));
            case INT, SMALLINT, TINYINT, BIGINT, DATE -> ((LongColumnVector) column).vector[r] = (Long) v;
            case BOOLEAN -> ((LongColumnVector) column).vector[r] = (Boolean) v ? 1 : 0;
            case DOUBLE, FLOAT -> ((DoubleColumnVector) column).vector[r] = (Double) v;
            case TIMESTAMP -> ((TimestampColumnVector) column).set(r, new Timestamp((Long) v));
        }
    }
}
