package dev.overcast.dynamodb.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.backup.ContinuousBackupsApi;
import dev.overcast.dynamodb.backup.ItemHistory;
import dev.overcast.dynamodb.s3.Buckets;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;

/**
 * Writes the exports that are IN_PROGRESS to S3, as DynamoDB lays them out under {@code <S3Prefix>/AWSDynamoDB/<id>/}:
 * {@code _started}, the data files ({@link DataFiles}), {@code manifest-files.json} (a line per data file),
 * {@code manifest-summary.json} and an {@code .md5} of each manifest; then marks the export COMPLETED (or FAILED with
 * the S3 error's code). Run every few seconds and at once after a request, by one replica at a time
 * ({@link JobLock}); an export interrupted by a restart is written again from the start (same keys).
 */
@Component
public class ExportJob {

    private static final Logger log = LoggerFactory.getLogger(ExportJob.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final JobStore<ExportDescription> exports;
    private final TableStore tables;
    private final ItemHistory history;
    private final ContinuousBackupsApi pitr;
    private final Buckets buckets;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final JobLock lock;
    private final int itemsPerFile;
    private final AtomicBoolean again = new AtomicBoolean();

    public ExportJob(JdbcClient jdbc, TableStore tables, ItemHistory history, ContinuousBackupsApi pitr, Buckets buckets,
                     TransactionTemplate tx, SuiteClock clock, DataSource dataSource,
                     @Value("${overcast.dynamodb.export-items-per-file:100000}") int itemsPerFile) {
        this.exports = new JobStore<>(jdbc, ExportApi.TABLE, ExportDescription.class);
        this.tables = tables;
        this.history = history;
        this.pitr = pitr;
        this.buckets = buckets;
        this.tx = tx;
        this.clock = clock;
        this.lock = new JobLock(dataSource);
        this.itemsPerFile = itemsPerFile;
    }

    /** Where an export's files go: {@code <prefix>/AWSDynamoDB/<export id>/}. */
    static String base(String prefix, String exportArn) {
        String id = exportArn.substring(exportArn.lastIndexOf('/') + 1);
        String p = prefix == null || prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
        return p + "AWSDynamoDB/" + id + "/";
    }

    /** Runs the job soon, on a thread of its own (after a request recorded an export). */
    void runSoon() {
        again.set(true);
        Thread.ofVirtual().name("overcast-dynamodb-export").start(this::run);
    }

    @Scheduled(fixedDelayString = "${overcast.dynamodb.export-interval:2s}", initialDelayString = "${overcast.dynamodb.export-interval:2s}")
    public void run() {
        try {
            boolean ran;
            do {
                again.set(false);
                ran = lock.runExclusively("dynamodb.exports", () -> exports.inProgress().forEach(this::export));
            } while (ran && again.get());
        } catch (RuntimeException e) {
            log.warn("the export job failed", e);
        }
    }

    private void export(JobStore.Row<ExportDescription> row) {
        ExportDescription d = row.description();
        Instant upTo = d.exportType() == ExportType.INCREMENTAL_EXPORT ? d.incrementalExportSpecification().exportToTime()
                : d.exportTime();
        if (Instant.now().isBefore(upTo.plus(pitr.latestLag()))) {
            return; // transactions of that time may still commit: the next round writes it
        }
        try {
            TableDef table = tables.findByArn(row.account(), row.region(), d.tableArn())
                    .orElseThrow(() -> new Buckets.Failure("TableNotFound", "The table " + d.tableArn() + " no longer exists"));
            ExportDescription done = write(row, d, table);
            exports.update(row.arn(), ExportStatus.COMPLETED.toString(), done);
        } catch (Buckets.Failure e) {
            exports.update(row.arn(), ExportStatus.FAILED.toString(), d.toBuilder().exportStatus(ExportStatus.FAILED)
                    .failureCode(e.code()).failureMessage(e.getMessage()).endTime(clock.now()).build());
        }
    }

    private ExportDescription write(JobStore.Row<ExportDescription> row, ExportDescription d, TableDef table) {
        String account = row.account();
        String region = row.region();
        String base = base(d.s3Prefix(), d.exportArn());
        String exportId = d.exportArn().substring(d.exportArn().lastIndexOf('/') + 1);
        buckets.put(account, region, d.s3Bucket(), base + "_started", new byte[0], "application/octet-stream");
        boolean ion = d.exportFormat() == ExportFormat.ION;
        long[] billed = {0};
        List<DataFiles.Written> files;
        long count;
        try (DataFiles data = new DataFiles(buckets, account, region, d.s3Bucket(), base, exportId, ion, itemsPerFile)) {
            if (d.exportType() == ExportType.INCREMENTAL_EXPORT) {
                boolean oldImages = d.incrementalExportSpecification().exportViewType() != ExportViewType.NEW_IMAGE;
                tx.executeWithoutResult(s -> history.changes(table.id(), d.incrementalExportSpecification().exportFromTime(),
                        d.incrementalExportSpecification().exportToTime(), c -> {
                            String newImage = c.newImage();
                            String oldImage = oldImages ? c.oldImage() : null;
                            if (newImage == null && c.oldImage() == null) {
                                return; // created and deleted within the period: nothing to tell
                            }
                            Map<String, AttributeValue> keys = ItemKey.fromItem(table,
                                    ItemJson.read(newImage != null ? newImage : c.oldImage())).attributes();
                            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, c.writtenAt());
                            billed[0] += newImage != null ? newImage.length() : 0;
                            data.line(ion ? ItemLines.ionChange(micros, keys, oldImage == null ? null : ItemJson.read(oldImage),
                                    newImage == null ? null : ItemJson.read(newImage))
                                    : ItemLines.jsonChange(micros, keys, oldImage, newImage));
                        }));
            } else {
                tx.executeWithoutResult(s -> history.snapshot(table.id(), d.exportTime(), item -> {
                    Map<String, AttributeValue> parsed = ItemJson.read(item);
                    billed[0] += Values.itemSize(parsed);
                    data.line(ion ? ItemLines.ionItem(parsed) : ItemLines.jsonItem(item));
                }));
            }
            files = data.done();
            count = data.itemCount();
        }
        StringBuilder manifestFiles = new StringBuilder();
        for (DataFiles.Written f : files) {
            manifestFiles.append(json(g -> {
                g.writeNumberField("itemCount", f.itemCount());
                g.writeStringField("md5Checksum", f.md5());
                g.writeStringField("etag", f.etag());
                g.writeStringField("dataFileS3Key", f.key());
            })).append('\n');
        }
        putWithMd5(account, region, d.s3Bucket(), base + "manifest-files", manifestFiles.toString());
        Instant end = clock.now().truncatedTo(ChronoUnit.MILLIS);
        ExportDescription done = d.toBuilder().exportStatus(ExportStatus.COMPLETED).endTime(end).itemCount(count)
                .billedSizeBytes(billed[0]).build();
        putWithMd5(account, region, d.s3Bucket(), base + "manifest-summary", summary(done, table, base));
        return done;
    }

    private static String summary(ExportDescription d, TableDef table, String base) {
        boolean incremental = d.exportType() == ExportType.INCREMENTAL_EXPORT;
        return json(g -> {
            g.writeStringField("version", incremental ? "2023-08-01" : "2020-06-30");
            g.writeStringField("exportArn", d.exportArn());
            g.writeStringField("startTime", d.startTime().toString());
            g.writeStringField("endTime", d.endTime().toString());
            g.writeStringField("tableArn", d.tableArn());
            g.writeStringField("tableId", d.tableId());
            if (incremental) {
                g.writeStringField("exportFromTime", d.incrementalExportSpecification().exportFromTime().toString());
                g.writeStringField("exportToTime", d.incrementalExportSpecification().exportToTime().toString());
            } else {
                g.writeStringField("exportTime", d.exportTime().toString());
            }
            g.writeStringField("s3Bucket", d.s3Bucket());
            g.writeStringField("s3Prefix", d.s3Prefix());
            g.writeStringField("s3SseAlgorithm", d.s3SseAlgorithmAsString());
            g.writeStringField("s3SseKmsKeyId", d.s3SseKmsKeyId());
            g.writeStringField("manifestFilesS3Key", base + "manifest-files.json");
            g.writeNumberField("billedSizeBytes", d.billedSizeBytes());
            g.writeNumberField("itemCount", d.itemCount());
            g.writeStringField("outputFormat", d.exportFormatAsString());
            if (incremental) {
                g.writeStringField("outputView", d.incrementalExportSpecification().exportViewTypeAsString());
                g.writeStringField("exportType", d.exportTypeAsString());
            }
        });
    }

    /** Puts {@code <name>.json} and {@code <name>.md5} (the base64 MD5 of the JSON). */
    private void putWithMd5(String account, String region, String bucket, String name, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        buckets.put(account, region, bucket, name + ".json", bytes, "application/json");
        try {
            String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
            buckets.put(account, region, bucket, name + ".md5", md5.getBytes(StandardCharsets.UTF_8), "text/plain");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
