package dev.overcast.s3.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.TimestampColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.orc.impl.PhysicalFsWriter;
import org.apache.orc.impl.writer.WriterEncryptionVariant;

/**
 * An ORC report, its schema S3's {@code struct<bucket:string,key:string,…>}: strings, booleans, sizes as bigint,
 * dates as timestamps. Rows go in batches of ORC's default size.
 */
final class OrcInventoryFile implements InventoryFile {

    private final Writer writer;
    private final VectorizedRowBatch batch;
    private final List<InventoryColumn> columns;

    OrcInventoryFile(Path file, List<InventoryColumn> columns) throws IOException {
        this.columns = columns;
        TypeDescription schema = TypeDescription.fromString(schema(columns).toString());
        OrcFile.WriterOptions options = OrcFile.writerOptions(new Configuration(false)).setSchema(schema)
                .useUTCTimestamp(true)
                // never used (the physical writer below writes the file); given so that ORC does not look one up,
                // which would start Hadoop's user login
                .fileSystem(new RawLocalFileSystem());
        options.physicalWriter(new PhysicalFsWriter(new FSDataOutputStream(Files.newOutputStream(file), null), options,
                new WriterEncryptionVariant[0]));
        this.writer = OrcFile.createWriter(new org.apache.hadoop.fs.Path(file.getFileName().toString()), options);
        this.batch = schema.createRowBatch();
    }

    /** The schema as the manifest's {@code fileSchema} gives it. */
    static StringBuilder schema(List<InventoryColumn> columns) {
        StringBuilder s = new StringBuilder("struct<");
        for (int i = 0; i < columns.size(); i++) {
            InventoryColumn c = columns.get(i);
            s.append(i == 0 ? "" : ",").append(c.name()).append(':').append(switch (c.type()) {
                case STRING -> "string";
                case BOOLEAN -> "boolean";
                case LONG -> "bigint";
                case TIMESTAMP -> "timestamp";
            });
        }
        return s.append('>');
    }

    @Override
    public void write(List<Object> values) throws IOException {
        int row = batch.size++;
        for (int i = 0; i < values.size(); i++) {
            ColumnVector vector = batch.cols[i];
            Object v = values.get(i);
            if (v == null) {
                vector.noNulls = false;
                vector.isNull[row] = true;
                continue;
            }
            vector.isNull[row] = false;
            switch (columns.get(i).type()) {
                case STRING -> ((BytesColumnVector) vector).setVal(row, v.toString().getBytes(StandardCharsets.UTF_8));
                case BOOLEAN -> ((LongColumnVector) vector).vector[row] = (Boolean) v ? 1 : 0;
                case LONG -> ((LongColumnVector) vector).vector[row] = (Long) v;
                case TIMESTAMP -> ((TimestampColumnVector) vector).set(row, Timestamp.from((Instant) v));
            }
        }
        if (batch.size == batch.getMaxSize()) {
            writer.addRowBatch(batch);
            batch.reset();
        }
    }

    @Override
    public void close() throws IOException {
        if (batch.size > 0) {
            writer.addRowBatch(batch);
        }
        writer.close();
    }
}
