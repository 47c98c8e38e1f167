package dev.overcast.dynamodb.imports;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.export.ItemLines;
import dev.overcast.dynamodb.export.JobStore;
import dev.overcast.dynamodb.index.IndexStore;
import dev.overcast.dynamodb.s3.Buckets;
import dev.overcast.dynamodb.schema.IndexDef;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import dev.overcast.dynamodb.value.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.S3BucketSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs the imports that are IN_PROGRESS: reads every object under the source's key prefix ({@link SourceFiles}),
 * writes each valid item into the new table (batches of upserts: a key seen twice keeps its last item), counts what is
 * not an item (missing or mistyped key, bad value, over 400 KB) as an error and logs it, builds the GSIs, and makes the
 * table ACTIVE; the import is then COMPLETED, with its counts. When the source cannot be read (no such bucket…) the
 * import FAILED with the S3 error's code and the table is deleted. Errors are logged, as CloudWatch Logs would hold
 * them, to the source bucket under {@code AWSDynamoDBImportErrors/<import id>/errors.log}. One replica at a time runs
 * the job ({@link JobLock}); an import interrupted by a restart runs again from the start (upserts: idempotent).
 */
@Component
public class ImportJob {

    private static final Logger log = LoggerFactory.getLogger(ImportJob.class);
    private static final int BATCH = 500;
    /** At most this many error lines are kept in the log (the count goes on). */
    private static final int LOGGED_ERRORS = 10_000;

    private final JobStore<ImportTableDescription> imports;
    private final TableStore tables;
    private final IndexStore indexes;
    private final Buckets buckets;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final JobLock lock;
    private final AtomicBoolean again = new AtomicBoolean();

    public ImportJob(JdbcClient jdbc, JdbcTemplate template, TableStore tables, IndexStore indexes, Buckets buckets,
                     TransactionTemplate tx, SuiteClock clock, DataSource dataSource) {
        this.imports = new JobStore<>(jdbc, ImportApi.TABLE, ImportTableDescription.class);
        this.template = template;
        this.tables = tables;
        this.indexes = indexes;
        this.buckets = buckets;
        this.tx = tx;
        this.clock = clock;
        this.lock = new JobLock(dataSource);
    }

    /** Runs the job soon, on a thread of its own (after a request recorded an import). */
    void runSoon() {
        again.set(true);
        Thread.ofVirtual().name("overcast-dynamodb-import").start(this::run);
    }

    @Scheduled(fixedDelayString = "${overcast.dynamodb.import-interval:2s}", initialDelayString = "${overcast.dynamodb.import-interval:2s}")
    public void run() {
        try {
            boolean ran;
            do {
                again.set(false);
                ran = lock.runExclusively("dynamodb.imports", () -> imports.inProgress().forEach(this::importOne));
            } while (ran && again.get());
        } catch (RuntimeException e) {
            log.warn("the import job failed", e);
        }
    }

    /** What an import counted so far. */
    private static final class Progress {
        long processedBytes;
        long processedItems;
        long imported;
        long errors;
        final StringBuilder log = new StringBuilder();
        final List<Object[]> batch = new ArrayList<>();
    }

    private void importOne(JobStore.Row<ImportTableDescription> row) {
        ImportTableDescription d = row.description();
        String name = d.tableCreationParameters().tableName();
        TableDef table = tables.find(row.account(), row.region(), name).orElse(null);
        if (table == null || !table.arn().equals(d.tableArn())) {
            imports.update(row.arn(), ImportStatus.FAILED.toString(), d.toBuilder().importStatus(ImportStatus.FAILED)
                    .failureCode("TableNotFound").failureMessage("The table " + name + " was deleted during the import")
                    .endTime(clock.now()).build());
            return;
        }
        Map<String, String> types = new HashMap<>();
        table.description().attributeDefinitions().forEach(a -> types.put(a.attributeName(), a.attributeTypeAsString()));
        S3BucketSource source = d.s3BucketSource();
        Progress p = new Progress();
        try {
            tx.executeWithoutResult(s -> template.update("delete from item where table_id = ?", table.id()));
            List<S3Object> objects = new ArrayList<>();
            buckets.list(row.account(), row.region(), source.s3Bucket(), source.s3KeyPrefix(), objects::add);
            for (S3Object object : objects) {
                readObject(row, d, table, types, object, p);
            }
            flush(table, p);
            String id = row.arn().substring(row.arn().lastIndexOf('/') + 1);
            if (p.errors > 0) {
                buckets.put(row.account(), row.region(), source.s3Bucket(), "AWSDynamoDBImportErrors/" + id + "/errors.log",
                        p.log.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
            }
        } catch (Buckets.Failure e) {
            tx.executeWithoutResult(s -> tables.delete(table.id()));
            imports.update(row.arn(), ImportStatus.FAILED.toString(), counted(d, p).importStatus(ImportStatus.FAILED)
                    .failureCode(e.code()).failureMessage(e.getMessage()).endTime(clock.now()).build());
            return;
        }
        tx.executeWithoutResult(s -> {
            for (IndexDef index : table.indexes()) {
                indexes.backfill(table, index);
            }
            tables.setReadyAt(row.account(), row.region(), name, Instant.now());
            imports.update(row.arn(), ImportStatus.COMPLETED.toString(), counted(d, p).importStatus(ImportStatus.COMPLETED)
                    .endTime(clock.now().truncatedTo(ChronoUnit.MILLIS)).build());
        });
    }

    private static ImportTableDescription.Builder counted(ImportTableDescription d, Progress p) {
        return d.toBuilder().processedSizeBytes(p.processedBytes).processedItemCount(p.processedItems)
                .importedItemCount(p.imported).errorCount(p.errors);
    }

    private void readObject(JobStore.Row<ImportTableDescription> row, ImportTableDescription d, TableDef table,
                            Map<String, String> types, S3Object object, Progress p) {
        try (InputStream raw = buckets.open(row.account(), row.region(), d.s3BucketSource().s3Bucket(), object.key());
             SourceFiles.Counting counted = new SourceFiles.Counting(raw)) {
            SourceFiles.read(d, types, counted, new ItemLines.Sink() {
                @Override
                public void item(Map<String, AttributeValue> item) {
                    p.processedItems++;
                    try {
                        Map<String, AttributeValue> normal = Values.normaliseItem(item);
                        ItemKey key = ItemKey.fromItem(table, normal);
                        int size = Values.itemSize(normal);
                        if (size > Values.MAX_ITEM_SIZE) {
                            throw new IllegalArgumentException("Item size has exceeded the maximum allowed size");
                        }
                        p.batch.add(new Object[] {table.id(), key.pk(), key.sk(), size, ItemJson.write(normal)});
                        if (p.batch.size() >= BATCH) {
                            flush(table, p);
                        }
                    } catch (RuntimeException e) {
                        error(object.key() + ": " + e.getMessage());
                    }
                }

                @Override
                public void error(String message) {
                    p.errors++;
                    if (p.errors <= LOGGED_ERRORS) {
                        p.log.append(object.key()).append(": ").append(message).append('\n');
                    }
                }
            });
            p.processedBytes += counted.count;
        } catch (IOException | RuntimeException e) {
            if (e instanceof Buckets.Failure f) {
                throw f;
            }
            p.errors++;
            p.log.append(object.key()).append(": the file could not be read: ").append(e.getMessage()).append('\n');
        }
    }

    private void flush(TableDef table, Progress p) {
        if (p.batch.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> template.batchUpdate("""
                insert into item (table_id, pk, sk, size, data) values (?, ?, ?, ?, ?)
                on conflict (table_id, pk, sk) do update set size = excluded.size, data = excluded.data""", p.batch));
        p.imported += p.batch.size();
        p.batch.clear();
    }
}
