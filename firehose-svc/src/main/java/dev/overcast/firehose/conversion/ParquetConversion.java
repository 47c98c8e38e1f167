package dev.overcast.firehose.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import software.amazon.awssdk.services.firehose.model.DataFormatConversionConfiguration;
import software.amazon.awssdk.services.firehose.model.ParquetSerDe;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * Record format conversion JSON → Apache Parquet with parquet-hadoop's writer: the Glue table's columns as the Parquet
 * schema (string, int/integer, bigint, smallint, tinyint, double, float, boolean, date, timestamp; every column
 * optional), each JSON record a row by its members' names (case-insensitive, as the OpenX JSON SerDe reads them by
 * default), ParquetSerDe's Compression, BlockSizeBytes, PageSizeBytes, EnableDictionaryCompression and WriterVersion. A
 * record that is not JSON or whose value does not fit its column fails (format-conversion-failed).
 */
public final class ParquetConversion {

    public static final String FAILED = "format-conversion-failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParquetConversion() {
    }

    /** Checks a conversion configuration when it is given: Parquet output, a schema, no compression of the object. */
    public static void check(DataFormatConversionConfiguration c, String compressionFormat) {
        if (c == null || Boolean.FALSE.equals(c.enabled())) {
            return;
        }
        if (c.outputFormatConfiguration() == null || c.outputFormatConfiguration().serializer() == null
                || (c.outputFormatConfiguration().serializer().parquetSerDe() == null
                    && c.outputFormatConfiguration().serializer().orcSerDe() == null)) {
            throw FirehoseErrors.invalidArgument("OutputFormatConfiguration with a Serializer is required when record "
                    + "format conversion is enabled.");
        }
        if (c.outputFormatConfiguration().serializer().parquetSerDe() == null) {
            throw FirehoseErrors.unsupported("Record format conversion to ORC (OrcSerDe)");
        }
        if (c.schemaConfiguration() == null || c.schemaConfiguration().databaseName() == null
                || c.schemaConfiguration().tableName() == null) {
            throw FirehoseErrors.invalidArgument("SchemaConfiguration with DatabaseName and TableName is required when "
                    + "record format conversion is enabled.");
        }
        if (compressionFormat != null && !compressionFormat.equals("UNCOMPRESSED")) {
            throw FirehoseErrors.invalidArgument("CompressionFormat must be UNCOMPRESSED when record format conversion is "
                    + "enabled: the Parquet serializer compresses.");
        }
    }

    public static boolean enabled(DataFormatConversionConfiguration c) {
        return c != null && Boolean.TRUE.equals(c.enabled());
    }

    /** The Parquet schema of a Glue table's columns. */
    public static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            String type = c.type().toLowerCase(Locale.ROOT).trim();
            String name = c.name().toLowerCase(Locale.ROOT);
            Type t = switch (type) {
                case "string", "varchar", "char" -> Types.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType()).named(name);
                case "int", "integer" -> Types.optional(PrimitiveTypeName.INT32).named(name);
                case "smallint" -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
                case "tinyint" -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named(name);
                case "bigint" -> Types.optional(PrimitiveTypeName.INT64).named(name);
                case "double" -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
                case "float" -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
                case "boolean" -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
                case "date" -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
                case "timestamp" -> Types.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true,
                        LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
                default -> type.startsWith("varchar") || type.startsWith("char")
                        ? Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name)
                        : null;
            };
            if (t == null) {
                throw new IllegalArgumentException("The Glue column " + c.name() + " has the type " + c.type()
                        + ", which the suite's format conversion does not write yet");
            }
            b.addField(t);
        }
        return b.named("firehose");
    }

    /** The records, converted; a record that does not fit goes to {@code failures} with the reason. */
    public static byte[] write(MessageType schema, ParquetSerDe serDe, List<byte[]> records, Map<Integer, String> failures) {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        List<Group> rows = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                rows.add(row(groups, schema, JSON.readTree(records.get(i))));
            } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                failures.put(i, e.getMessage());
            }
        }
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
            for (Group g : rows) {
                writer.write(g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    private static Group row(SimpleGroupFactory groups, MessageType schema, JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("The record is not a JSON object");
        }
        Group g = groups.newGroup();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = e.getValue();
            if (!schema.containsField(name) || v.isNull()) {
                continue;
            }
            var type = schema.getType(name).asPrimitiveType();
            var logical = type.getLogicalTypeAnnotation();
            switch (type.getPrimitiveTypeName()) {
                case BINARY -> g.add(name, v.isValueNode() ? v.asText() : v.toString());
                case INT32 -> g.add(name, logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                        ? (int) LocalDate.parse(v.asText()).toEpochDay() : Math.toIntExact(integral(name, v)));
                case INT64 -> g.add(name, logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                        ? timestamp(v) : integral(name, v));
                case DOUBLE -> g.add(name, number(name, v));
                case FLOAT -> g.add(name, (float) number(name, v));
                case BOOLEAN -> {
                    if (!v.isBoolean()) {
                        throw new IllegalArgumentException("The value of " + name + " is not a boolean: " + v);
                    }
                    g.add(name, v.booleanValue());
                }
                default -> throw new IllegalArgumentException("unsupported column " + name);
            }
        }
        return g;
    }

    private static long integral(String name, JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new IllegalArgumentException("The value of " + name + " is not an integer: " + v);
    }

    private static double number(String name, JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        throw new IllegalArgumentException("The value of " + name + " is not a number: " + v);
    }

    /** A timestamp as epoch milliseconds: a number (epoch millis) or ISO-8601 text (with or without an offset). */
    private static long timestamp(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        String text = v.asText();
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }
}
