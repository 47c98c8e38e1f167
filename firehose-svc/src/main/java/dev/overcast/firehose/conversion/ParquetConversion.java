package dev.overcast.firehose.conversion;

import dev.overcast.firehose.conversion.RecordConversion.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
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

    /** The Parquet schema of a Glue table's columns. */
    static MessageType schema(List<Field> fields) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Field f : fields) {
            String name = f.name();
            Type t = switch (f.kind()) {
                case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
                case INT -> Types.optional(PrimitiveTypeName.INT32).named(name);
                case SMALLINT -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
                case TINYINT -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named(name);
                case BIGINT -> Types.optional(PrimitiveTypeName.INT64).named(name);
                case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
                case FLOAT -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
                case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
                case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
                case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true,
                        LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
            };
            b.addField(t);
        }
        return b.named("firehose");
    }

    /** The rows (see {@link RecordConversion#row}) as a Parquet file. */
    static byte[] write(List<Field> fields, ParquetSerDe serDe, List<Object[]> rows) {
        MessageType schema = schema(fields);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        InMemoryOutputFile file = new InMemoryOutputFile();
        ParquetSerDe s = serDe == null ? ParquetSerDe.builder().build() : serDe;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withConf(new Configuration(false))
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
                .build()) {
            for (Object[] row : rows) {
                writer.write(group(groups, fields, row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    private static Group group(SimpleGroupFactory groups, List<Field> fields, Object[] row) {
        Group g = groups.newGroup();
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            String name = fields.get(i).name();
            switch (fields.get(i).kind()) {
                case STRING -> g.add(name, (String) v);
                case INT, SMALLINT, TINYINT, DATE -> g.add(name, Math.toIntExact((Long) v));
                case BIGINT, TIMESTAMP -> g.add(name, (Long) v);
                case DOUBLE -> g.add(name, (Double) v);
                case FLOAT -> g.add(name, ((Double) v).floatValue());
                case BOOLEAN -> g.add(name, (Boolean) v);
            }
        }
        return g;
    }
}
