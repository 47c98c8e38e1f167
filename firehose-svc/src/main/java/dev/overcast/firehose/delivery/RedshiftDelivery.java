package dev.overcast.firehose.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.destination.RedshiftCopy;
import dev.overcast.firehose.processing.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.RedshiftDestinationDescription;
import software.amazon.awssdk.services.firehose.model.RedshiftS3BackupMode;

/**
 * Delivery to Redshift as Firehose does it: the records to the intermediate S3 bucket (S3Configuration) as they are
 * read, then a COPY into the table CopyCommand names that reads that object back from S3, over the PostgreSQL wire
 * protocol to ClusterJDBCURL (a PostgreSQL database stands in for Redshift: {@code jdbc:redshift://} is opened as
 * {@code jdbc:postgresql://}), with Username and the Password (kept apart, never described). A COPY that fails is tried
 * again for RetryOptions' duration, then the records go to the intermediate bucket's error prefix
 * ({@code redshift-failed}).
 */
final class RedshiftDelivery {

    static final String FAILED = "redshift-failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RetryingDelivery retrying;
    private final S3Delivery s3;
    private final S3Objects objects;

    RedshiftDelivery(RetryingDelivery retrying, S3Delivery s3, S3Objects objects) {
        this.retrying = retrying;
        this.s3 = s3;
        this.objects = objects;
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, RedshiftDestinationDescription d, S3Delivery.Source records,
                                Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                d.s3BackupMode() == RedshiftS3BackupMode.ENABLED ? d.s3BackupDescription() : null, FAILED,
                "Redshift.CopyFailed");
        return retrying.deliver(stream, target, records, firstFailure, new Copy(stream, d));
    }

    /** One attempt: the intermediate object written as the records come, then the COPY that reads it. */
    private final class Copy implements RetryingDelivery.Request {
        private final DeliveryStream stream;
        private final RedshiftDestinationDescription d;
        private final StreamedObject intermediate;

        Copy(DeliveryStream stream, RedshiftDestinationDescription d) {
            this.stream = stream;
            this.d = d;
            this.intermediate = s3.data(stream, d.s3DestinationDescription());
        }

        @Override
        public void add(Item item) {
            intermediate.write(item.arrivedAt(), item.data());
        }

        @Override
        public RetryingDelivery.Attempt finish() {
            S3Delivery.Written written = intermediate.close();
            return new RetryingDelivery.Attempt(copy(stream, d, written), Map.of(), List.of(written));
        }

        @Override
        public void abandon() {
            intermediate.abort();
        }
    }

    /** Runs the COPY from the intermediate object; null when the rows are in the table, else why not. */
    private String copy(DeliveryStream stream, RedshiftDestinationDescription d, S3Delivery.Written object) {
        RedshiftCopy plan = RedshiftCopy.of(d.copyCommand());
        String url = d.clusterJDBCURL().replaceFirst("^jdbc:redshift:", "jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(url, d.username(), stream.destinationSecret());
             InputStream in = read(stream, d.s3DestinationDescription().compressionFormat(), object)) {
            if (!plan.json()) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(plan.statement(), in);
                return null;
            }
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(plan.statement());
            try {
                PGCopyOutputStream rows = new PGCopyOutputStream(copy);
                CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(rows, StandardCharsets.UTF_8), CSVFormat.DEFAULT);
                MappingIterator<JsonNode> records = JSON.readerFor(JsonNode.class).readValues(in);
                while (records.hasNextValue()) {
                    JsonNode node = records.nextValue();
                    List<Object> row = new ArrayList<>();
                    for (String column : plan.columns()) {
                        JsonNode v = node.get(column);
                        row.add(v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
                    }
                    csv.printRecord(row);
                }
                csv.flush();
                rows.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();   // nothing of a COPY that failed half-way lands
                }
            }
            return null;
        } catch (SQLException | IOException | RuntimeException e) {
            return "COPY into " + plan.table() + " failed: " + e.getMessage();
        }
    }

    /** The intermediate object's records as COPY reads them, uncompressed (GZIP is the only compression it takes). */
    private InputStream read(DeliveryStream stream, CompressionFormat format, S3Delivery.Written object) throws IOException {
        InputStream in = objects.get(stream.account(), stream.region(), object.bucketArn(), object.key());
        return format == CompressionFormat.GZIP ? new GZIPInputStream(in, 64 * 1024) : in;
    }
}
