package dev.overcast.s3.inventory;

import java.io.IOException;
import java.util.List;

/**
 * A report's data file being written to a local file, one object row at a time (never the whole listing in memory),
 * in the configuration's format: gzipped CSV, Apache ORC or Apache Parquet.
 */
interface InventoryFile extends AutoCloseable {

    /** Writes one row: a value per column, in the columns' order (null: none). */
    void write(List<Object> values) throws IOException;

    @Override
    void close() throws IOException;

    /** The file's name ending as S3 names it ({@code .csv.gz}, {@code .orc}, {@code .parquet}). */
    static String extension(String format) {
        return switch (format) {
            case "ORC" -> ".orc";
            case "Parquet" -> ".parquet";
            default -> ".csv.gz";
        };
    }

    /** The manifest's {@code fileSchema} as S3 writes it for the format. */
    static String fileSchema(String format, List<InventoryColumn> columns) {
        return switch (format) {
            case "ORC" -> OrcInventoryFile.schema(columns).toString();
            case "Parquet" -> ParquetInventoryFile.schema(columns).toString();
            default -> String.join(", ", columns.stream().map(InventoryColumn::csvName).toList());
        };
    }

    static InventoryFile open(String format, java.nio.file.Path file, List<InventoryColumn> columns)
            throws IOException {
        return switch (format) {
            case "ORC" -> new OrcInventoryFile(file, columns);
            case "Parquet" -> new ParquetInventoryFile(file, columns);
            default -> new CsvInventoryFile(file);
        };
    }
}
