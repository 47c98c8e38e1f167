package dev.overcast.firehose.conversion;

import dev.overcast.firehose.FirehoseErrors;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.DataFormatConversionConfiguration;
import software.amazon.awssdk.services.firehose.model.Serializer;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * Record format conversion (DataFormatConversionConfiguration): JSON records to Apache Parquet ({@link ParquetConversion})
 * or Apache ORC ({@link OrcConversion}) by the columns of a Glue table. What both share is here: the configuration's
 * rules, the Glue column types the suite writes ({@link ColumnType}: string, varchar, char, int/integer, bigint, smallint,
 * tinyint, double, float, boolean, date, timestamp, decimal, array, map, struct; every column optional), and a
 * {@link Converter} that makes a JSON record a row ({@link JsonRows}, by the deserializer's options; a value that does not
 * fit its column fails the record: format-conversion-failed) and writes rows as a file, streamed.
 */
public final class RecordConversion {

    public static final String FAILED = "format-conversion-failed";

    /** How a Glue column is written. */
    enum Kind { STRING, INT, SMALLINT, TINYINT, BIGINT, DOUBLE, FLOAT, BOOLEAN, DATE, TIMESTAMP, DECIMAL, ARRAY, MAP, STRUCT }

    /** A column (or a struct's field): its name (lower case) and type. */
    record Field(String name, ColumnType type) {
        Kind kind() {
            return type.kind();
        }
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

    /** A converted file being written: rows in, the file's bytes out as the format's writer flushes them. */
    public interface FileWriter extends java.io.Closeable {
        void add(Object[] row) throws IOException;
    }

    /** A record that does not fit the table (format-conversion-failed), with the reason. */
    public static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message);
        }
    }

    /** Records to rows of a Glue table's columns, and files of those rows in the serializer's format. */
    public static final class Converter {
        private final List<Field> fields;
        private final JsonRows rows;
        private final Serializer serializer;

        private Converter(List<Field> fields, JsonRows rows, Serializer serializer) {
            this.fields = fields;
            this.rows = rows;
            this.serializer = serializer;
        }

        /** A record as a row; {@link Mismatch} when it is not JSON or a value does not fit its column. */
        public Object[] row(byte[] record) throws Mismatch {
            try {
                return rows.row(record);
            } catch (IOException | IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
                throw new Mismatch(e.getMessage());
            }
        }

        /** A file of rows written to {@code out} as it goes; closing it ends the file and closes {@code out}. */
        public FileWriter open(java.io.OutputStream out) {
            return serializer.orcSerDe() != null ? OrcConversion.open(fields, serializer.orcSerDe(), out)
                    : ParquetConversion.open(fields, serializer.parquetSerDe(), out);
        }
    }

    /** The converter of a Glue table's columns, read by the configuration's deserializer, to its serializer's format. */
    public static Converter converter(List<Column> columns, DataFormatConversionConfiguration c) {
        List<Field> fields = fields(columns);
        return new Converter(fields, new JsonRows(fields, c.inputFormatConfiguration() == null ? null
                : c.inputFormatConfiguration().deserializer()), c.outputFormatConfiguration().serializer());
    }

    /** About the bytes a row value takes (for batching rows by size). */
    static long size(Object v) {
        return switch (v) {
            case String text -> text.length();
            case List<?> list -> list.stream().mapToLong(RecordConversion::size).sum();
            case Map<?, ?> map -> map.entrySet().stream().mapToLong(e -> size(e.getKey()) + size(e.getValue())).sum();
            case Object[] struct -> java.util.Arrays.stream(struct).mapToLong(RecordConversion::size).sum();
            case null -> 1;
            default -> 8;
        };
    }

    /** The Glue table's columns as written. */
    static List<Field> fields(List<Column> columns) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (Column c : columns) {
            try {
                fields.add(new Field(c.name().toLowerCase(Locale.ROOT), ColumnType.parse(c.type())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The Glue column " + c.name() + " has the type " + c.type()
                        + ", which the suite's format conversion does not write: " + e.getMessage(), e);
            }
        }
        return fields;
    }
}
