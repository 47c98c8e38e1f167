package dev.overcast.s3.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * A Parquet report (Snappy-compressed), its schema S3's {@code message s3.inventory}: bucket and key required, the
 * other columns optional, strings as UTF8 binaries, sizes as int64, dates as int64 TIMESTAMP_MILLIS.
 */
final class ParquetInventoryFile implements InventoryFile {

    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups;
    private final List<InventoryColumn> columns;

    ParquetInventoryFile(Path file, List<InventoryColumn> columns) throws IOException {
        this.columns = columns;
        MessageType schema = MessageTypeParser.parseMessageType(schema(columns).toString());
        this.groups = new SimpleGroupFactory(schema);
        this.writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new Configuration(false)).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    }

    /** The schema as the manifest's {@code fileSchema} gives it. */
    static StringBuilder schema(List<InventoryColumn> columns) {
        StringBuilder s = new StringBuilder("message s3.inventory { ");
        for (InventoryColumn c : columns) {
            s.append(c.name().equals("bucket") || c.name().equals("key") ? "required " : "optional ")
                    .append(switch (c.type()) {
                        case STRING -> "binary " + c.name() + " (UTF8)";
                        case BOOLEAN -> "boolean " + c.name();
                        case LONG -> "int64 " + c.name();
                        case TIMESTAMP -> "int64 " + c.name() + " (TIMESTAMP_MILLIS)";
                    }).append("; ");
        }
        return s.append('}');
    }

    @Override
    public void write(List<Object> values) throws IOException {
        Group row = groups.newGroup();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String name = columns.get(i).name();
            if (v == null) {
                continue; // an optional value left out
            }
            switch (columns.get(i).type()) {
                case STRING -> row.add(name, org.apache.parquet.io.api.Binary.fromConstantByteArray(
                        v.toString().getBytes(StandardCharsets.UTF_8)));
                case BOOLEAN -> row.add(name, (Boolean) v);
                case LONG -> row.add(name, (Long) v);
                case TIMESTAMP -> row.add(name, ((Instant) v).toEpochMilli());
            }
        }
        writer.write(row);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
