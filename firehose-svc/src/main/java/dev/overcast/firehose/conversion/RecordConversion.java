package dev.overcast.firehose.conversion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.FirehoseErrors;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.DataFormatConversionConfiguration;
import software.amazon.awssdk.services.firehose.model.Serializer;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * Record format conversion (DataFormatConversionConfiguration): JSON records to Apache Parquet ({@link ParquetConversion})
 * or Apache ORC ({@link OrcConversion}) by the columns of a Glue table. What both share is here: the configuration's
 * rules, the Glue column types the suite writes (string, varchar, char, int/integer, bigint, smallint, tinyint, double,
 * float, boolean, date, timestamp; every column optional) and how a JSON record becomes a row: its members by name,
 * case-insensitively (as the OpenX JSON SerDe reads them by default), a member the table lacks ignored, a value that does
 * not fit its column failing the record (format-conversion-failed).
 */
public final class RecordConversion {

    public static final String FAILED = "format-conversion-failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a Glue column is written. */
    enum Kind { STRING, INT, SMALLINT, TINYINT, BIGINT, DOUBLE, FLOAT, BOOLEAN, DATE, TIMESTAMP }

    /** A column: its name (lower case) and kind. */
    record Field(String name, Kind kind) {
    }

    private RecordConversion() {
    }

    /** Checks a conversion configuration when it is given: a serializer, a schema, no compression of the object. */
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
        if (c.schemaConfiguration() == null || c.schemaConfiguration().databaseName() == null
                || c.schemaConfiguration().tableName() == null) {
            throw FirehoseErrors.invalidArgument("SchemaConfiguration with DatabaseName and TableName is required when "
                    + "record format conversion is enabled.");
        }
        if (compressionFormat != null && !compressionFormat.equals("UNCOMPRESSED")) {
            throw FirehoseErrors.invalidArgument("CompressionFormat must be UNCOMPRESSED when record format conversion is "
                    + "enabled: the Parquet or ORC serializer compresses.");
        }
    }

    public static boolean enabled(DataFormatConversionConfiguration c) {
        return c != null && Boolean.TRUE.equals(c.enabled());
    }

    /** The extension of a converted object. */
    public static String extension(Serializer s) {
        return s.orcSerDe() != null ? ".orc" : ".parquet";
    }

    /** The records in the serializer's format; a record that does not fit goes to {@code failures} with the reason. */
    public static byte[] write(List<Column> columns, Serializer s, List<byte[]> records, Map<Integer, String> failures) {
        List<Field> fields = fields(columns);
        List<Object[]> rows = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                rows.add(row(fields, records.get(i)));
            } catch (IOException | IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
                failures.put(i, e.getMessage());
            }
        }
        return s.orcSerDe() != null ? OrcConversion.write(fields, s.orcSerDe(), rows)
                : ParquetConversion.write(fields, s.parquetSerDe(), rows);
    }

    /** The Glue table's columns as written. */
    static List<Field> fields(List<Column> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (Column c : columns) {
            String type = c.type().toLowerCase(Locale.ROOT).trim();
            Kind kind = switch (type) {
                case "string", "varchar", "char" -> Kind.STRING;
                case "int", "integer" -> Kind.INT;
                case "smallint" -> Kind.SMALLINT;
                case "tinyint" -> Kind.TINYINT;
                case "bigint" -> Kind.BIGINT;
                case "double" -> Kind.DOUBLE;
                case "float" -> Kind.FLOAT;
                case "boolean" -> Kind.BOOLEAN;
                case "date" -> Kind.DATE;
                case "timestamp" -> Kind.TIMESTAMP;
                default -> type.startsWith("varchar(") || type.startsWith("char(") ? Kind.STRING : null;
            };
            if (kind == null) {
                throw new IllegalArgumentException("The Glue column " + c.name() + " has the type " + c.type()
                        + ", which the suite's format conversion does not write yet");
            }
            fields.add(new Field(c.name().toLowerCase(Locale.ROOT), kind));
        }
        return fields;
    }

    /**
     * A JSON record as a row, one value per field (null when absent): String, Long (integers, a date's epoch day, a
     * timestamp's epoch milliseconds), Double, Boolean.
     */
    static Object[] row(List<Field> fields, byte[] record) throws IOException {
        JsonNode json = JSON.readTree(record);
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("The record is not a JSON object");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i).name(), i);
        }
        Object[] row = new Object[fields.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Integer i = index.get(e.getKey().toLowerCase(Locale.ROOT));
            if (i != null && !e.getValue().isNull()) {
                row[i] = value(fields.get(i), e.getValue());
            }
        }
        return row;
    }

    private static Object value(Field f, JsonNode v) {
        return switch (f.kind()) {
            case STRING -> v.isValueNode() ? v.asText() : v.toString();
            case INT -> (long) Math.toIntExact(integral(f.name(), v));
            case SMALLINT -> inRange(f.name(), integral(f.name(), v), Short.MIN_VALUE, Short.MAX_VALUE);
            case TINYINT -> inRange(f.name(), integral(f.name(), v), Byte.MIN_VALUE, Byte.MAX_VALUE);
            case BIGINT -> integral(f.name(), v);
            case DOUBLE, FLOAT -> number(f.name(), v);
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("The value of " + f.name() + " is not a boolean: " + v);
                }
                yield v.booleanValue();
            }
            case DATE -> LocalDate.parse(v.asText()).toEpochDay();
            case TIMESTAMP -> timestamp(v);
        };
    }

    private static long inRange(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("The value of " + name + " is out of the column's range: " + v);
        }
        return v;
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
