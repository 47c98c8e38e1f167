package dev.overcast.firehose.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.destination.RedshiftCopy;
import dev.overcast.firehose.processing.Item;
import dev.overcast.firehose.record.BufferStore.Buffered;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import software.amazon.awssdk.services.firehose.model.RedshiftDestinationDescription;
import software.amazon.awssdk.services.firehose.model.RedshiftS3BackupMode;

/**
 * Delivery to Redshift as Firehose does it: the records to the intermediate S3 bucket (S3Configuration), then a COPY
 * into the table CopyCommand names, over the PostgreSQL wire protocol to ClusterJDBCURL (a PostgreSQL database
 * stands in for Redshift: {@code jdbc:redshift://} is opened as {@code jdbc:postgresql://}), with Username and the
 * Password (kept apart, never described). A COPY that fails is tried again for RetryOptions' duration, then the records
 * go to the intermediate bucket's error prefix ({@code redshift-failed}).
 */
final class RedshiftDelivery {

    static final String FAILED = "redshift-failed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RetryingDelivery retrying;
    private final S3Delivery s3;

    RedshiftDelivery(RetryingDelivery retrying, S3Delivery s3) {
        this.retrying = retrying;
        this.s3 = s3;
    }

    S3Delivery.Delivery deliver(DeliveryStream stream, RedshiftDestinationDescription d, List<Buffered> records,
                                Instant firstFailure) {
        var target = new RetryingDelivery.Target(d.processingConfiguration(),
                d.retryOptions() == null ? null : d.retryOptions().durationInSeconds(), d.s3DestinationDescription(),
                false, FAILED, "Redshift.CopyFailed");
        List<S3Delivery.Written> intermediate = new ArrayList<>();
        S3Delivery.Delivery delivery = retrying.deliver(stream, target, records, firstFailure, items -> {
            List<byte[]> data = items.stream().map(Item::data).toList();
            intermediate.add(s3.writeData(stream, d.s3DestinationDescription(), items.getFirst().arrivedAt(), data));
            return new RetryingDelivery.Attempt(copy(stream, d, data), Map.of());
        });
        List<S3Delivery.Written> written = new ArrayList<>(intermediate);
        written.addAll(delivery.objects());
        if (d.s3BackupMode() == RedshiftS3BackupMode.ENABLED && d.s3BackupDescription() != null) {
            written.add(s3.writeAll(stream, d.s3BackupDescription(), records));
        }
        return new S3Delivery.Delivery(written, delivery.failedRecords());
    }

    /** Runs the COPY; null when the rows are in the table, else why not. */
    private static String copy(DeliveryStream stream, RedshiftDestinationDescription d, List<byte[]> data) {
        RedshiftCopy plan = RedshiftCopy.of(d.copyCommand());
        String url = d.clusterJDBCURL().replaceFirst("^jdbc:redshift:", "jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(url, d.username(), stream.destinationSecret())) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(plan.statement(), rows(plan, data));
            return null;
        } catch (SQLException | IOException | RuntimeException e) {
            return "COPY into " + plan.table() + " failed: " + e.getMessage();
        }
    }

    /** The rows as COPY reads them: the records as written, or (JSON 'auto') each JSON record as a CSV row. */
    private static InputStream rows(RedshiftCopy plan, List<byte[]> data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!plan.json()) {
            data.forEach(out::writeBytes);
            return new ByteArrayInputStream(out.toByteArray());
        }
        try (CSVPrinter csv = new CSVPrinter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
            for (byte[] record : data) {
                JsonNode node = JSON.readTree(record);
                List<Object> row = new ArrayList<>();
                for (String column : plan.columns()) {
                    JsonNode v = node.get(column);
                    row.add(v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
                }
                csv.printRecord(row);
            }
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
