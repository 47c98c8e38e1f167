package dev.overcast.glue.crawler;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.classifier.FileClassifier;
import dev.overcast.glue.classifier.FileSchema;
import dev.overcast.glue.classifier.ObjectSample;
import dev.overcast.glue.classifier.Types;
import dev.overcast.glue.database.CatalogDatabase;
import dev.overcast.glue.database.DatabaseStore;
import dev.overcast.glue.partition.PartitionStore;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import dev.overcast.glue.store.SuiteClients;
import dev.overcast.glue.table.CatalogTable;
import dev.overcast.glue.table.TableStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.glue.model.*;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One crawl of a crawler's S3 targets: lists each target through the S3 API, groups the objects into tables and
 * partitions ({@link S3Layout}), samples files of every partition folder, classifies them and merges their schemas,
 * then creates or updates tables and partitions as the SchemaChangePolicy and RecrawlPolicy say.
 */
@Component
public class CrawlEngine {

    /** Files sampled per partition folder unless the target's SampleSize says otherwise. */
    static final int DEFAULT_SAMPLES = 2;
    static final int HEAD_BYTES = 1 << 20;

    /** What a crawl did. */
    public record Outcome(int tablesCreated, int tablesUpdated, int tablesDeleted, int partitionsAdded) {
    }

    private final DatabaseStore databases;
    private final TableStore tables;
    private final PartitionStore partitions;
    private final SuiteClients clients;
    private final dev.overcast.glue.store.Resources resources;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public CrawlEngine(DatabaseStore databases, TableStore tables, PartitionStore partitions, SuiteClients clients,
                       dev.overcast.glue.store.Resources resources, TransactionTemplate tx, SuiteClock clock) {
        this.resources = resources;
        this.databases = databases;
        this.tables = tables;
        this.partitions = partitions;
        this.clients = clients;
        this.tx = tx;
        this.clock = clock;
    }

    public Outcome crawl(Scope scope, Crawler crawler, List<Classifier> custom, BooleanSupplier stopped,
                         Consumer<String> log) {
        CatalogDatabase db = databases.find(scope, crawler.databaseName()).orElseGet(() -> {
            databases.insert(scope, DatabaseInput.builder().name(crawler.databaseName()).build(), clock.now());
            log.accept("Created database " + crawler.databaseName());
            return databases.require(scope, crawler.databaseName());
        });
        boolean newFoldersOnly = crawler.recrawlPolicy() != null
                && crawler.recrawlPolicy().recrawlBehavior() == RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY;
        int[] counts = new int[4];
        Set<String> seen = new HashSet<>();
        if (crawler.targets().hasDynamoDBTargets() && !crawler.targets().dynamoDBTargets().isEmpty()) {
            try (var dynamodb = clients.dynamodb(scope)) {
                for (DynamoDBTarget target : crawler.targets().dynamoDBTargets()) {
                    String name = S3Layout.tableName(crawler.tablePrefix(), target.path());
                    seen.add(name);
                    TableInput input = DynamoDbCrawl.table(dynamodb, target, name, crawler.name());
                    log.accept("Scanned DynamoDB table " + target.path() + ": " + input.storageDescriptor().columns().size()
                            + " attributes");
                    tx.executeWithoutResult(s -> put(db, crawler, input, newFoldersOnly, counts, log));
                }
            }
        }
        for (JdbcTarget target : crawler.targets().hasJdbcTargets() ? crawler.targets().jdbcTargets() : List.<JdbcTarget>of()) {
            ConnectionInput connection = resources.get(scope, "connection", target.connectionName(), ConnectionInput.class)
                    .map(Resources.Entry::doc).orElseThrow(() -> new IllegalArgumentException("Connection "
                            + target.connectionName() + " not found"));
            List<TableInput> found;
            try {
                found = JdbcCrawl.tables(connection, target, crawler.tablePrefix(), crawler.name());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Cannot crawl " + target.path() + " through connection "
                        + target.connectionName() + ": " + e.getMessage(), e);
            }
            log.accept("Read " + found.size() + " tables of " + target.path() + " through " + target.connectionName());
            for (TableInput input : found) {
                seen.add(input.name());
                tx.executeWithoutResult(s -> put(db, crawler, input, newFoldersOnly, counts, log));
            }
        }
        try (S3Client s3 = clients.s3(scope)) {
            for (S3Target target : crawler.targets().s3Targets()) {
                String path = target.path();
                if (!path.startsWith("s3://")) {
                    throw new IllegalArgumentException("Invalid S3 path " + path);
                }
                String rest = path.substring(5);
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String prefix = slash < 0 ? "" : rest.substring(slash + 1);
                List<S3Object> objects = new ArrayList<>();
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
                log.accept("Listed " + objects.size() + " objects under " + path);
                int samples = target.sampleSize() == null ? DEFAULT_SAMPLES : target.sampleSize();
                for (S3Layout.TableFiles t : S3Layout.tables(bucket, prefix, objects,
                        target.hasExclusions() ? target.exclusions() : List.of())) {
                    if (stopped.getAsBoolean()) {
                        return outcome(counts);
                    }
                    String name = S3Layout.tableName(crawler.tablePrefix(), t.name());
                    seen.add(name);
                    apply(s3, bucket, db, crawler, name, t, custom, samples, newFoldersOnly, counts, log);
                }
            }
        }
        if (!newFoldersOnly) {
            deleteMissing(scope, db, crawler, seen, counts, log);
        }
        return outcome(counts);
    }

    private static Outcome outcome(int[] c) {
        return new Outcome(c[0], c[1], c[2], c[3]);
    }

    private void apply(S3Client s3, String bucket, CatalogDatabase db, Crawler crawler, String name,
                       S3Layout.TableFiles t, List<Classifier> custom, int samples, boolean newFoldersOnly, int[] counts,
                       Consumer<String> log) {
        Scope scope = db.scope();
        CatalogTable existing = tables.find(scope, db.name(), name).orElse(null);
        Map<String, List<S3Layout.DataFile>> byFolder = new LinkedHashMap<>();
        Map<String, List<String>> folderValues = new HashMap<>();
        for (S3Layout.DataFile f : t.files()) {
            byFolder.computeIfAbsent(f.folder(), k -> new ArrayList<>()).add(f);
            folderValues.put(f.folder(), f.partitionValues());
        }
        if (existing != null && newFoldersOnly) {
            byFolder.keySet().removeIf(folder -> t.partitionKeys().isEmpty()
                    || partitions.find(existing.id(), folderValues.get(folder)).isPresent());
        }
        FileSchema schema = null;
        long size = 0;
        int files = 0;
        for (List<S3Layout.DataFile> folderFiles : byFolder.values()) {
            for (S3Layout.DataFile f : folderFiles.subList(0, Math.min(samples, folderFiles.size()))) {
                FileSchema s = FileClassifier.classify(sample(s3, bucket, f), custom);
                if (s == null) {
                    log.accept("No classifier recognised s3://" + bucket + "/" + f.key());
                    continue;
                }
                if (schema == null) {
                    schema = s;
                } else if (schema.classification().equals(s.classification())) {
                    schema = new FileSchema(schema.classification(), schema.compression(),
                            Types.merge(schema.columns(), s.columns()), schema.parameters());
                } else {
                    log.accept("s3://" + bucket + "/" + f.key() + " is " + s.classification() + ", the table "
                            + name + " is " + schema.classification() + ": left out");
                }
            }
            for (S3Layout.DataFile f : folderFiles) {
                size += f.size();
                files++;
            }
        }
        if (schema == null) {
            return;
        }
        FileSchema found = schema;
        TableInput input = Formats.tableInput(name, t, found, crawler.name(), files, size);
        Instant now = clock.now();
        tx.executeWithoutResult(s -> {
            CatalogTable table = existing;
            if (table == null) {
                tables.insert(db, input, now);
                counts[0]++;
                log.accept("Created table " + name + " (" + found.classification() + ", " + found.columns().size()
                        + " columns, partition keys " + t.partitionKeys() + ")");
                table = tables.require(scope, db.name(), name);
            } else if (!newFoldersOnly && changed(table.input(), input) && updates(crawler)) {
                tables.update(table, merged(table.input(), input), false, now);
                counts[1]++;
                log.accept("Updated table " + name + " to version " + (table.versionId() + 1));
            }
            if (!t.partitionKeys().isEmpty()) {
                for (String folder : byFolder.keySet()) {
                    PartitionInput p = Formats.partitionInput(folderValues.get(folder), folder, input);
                    if (partitions.insert(table.id(), p, now)) {
                        counts[3]++;
                    }
                }
            }
        });
    }

    /** Creates the table, or updates it when its schema changed and the policy says so (a non-partitioned source). */
    private void put(CatalogDatabase db, Crawler crawler, TableInput input, boolean newFoldersOnly, int[] counts,
                     Consumer<String> log) {
        CatalogTable table = tables.find(db.scope(), db.name(), input.name()).orElse(null);
        if (table == null) {
            tables.insert(db, input, clock.now());
            counts[0]++;
            log.accept("Created table " + input.name());
        } else if (!newFoldersOnly && changed(table.input(), input) && updates(crawler)) {
            tables.update(table, merged(table.input(), input), false, clock.now());
            counts[1]++;
            log.accept("Updated table " + input.name());
        }
    }

    private static boolean updates(Crawler crawler) {
        return crawler.schemaChangePolicy() == null || crawler.schemaChangePolicy().updateBehavior() == null
                || crawler.schemaChangePolicy().updateBehavior() == UpdateBehavior.UPDATE_IN_DATABASE;
    }

    private static boolean changed(TableInput old, TableInput now) {
        List<Column> a = old.storageDescriptor() == null ? List.of() : old.storageDescriptor().columns();
        return !a.equals(now.storageDescriptor().columns())
                || !old.partitionKeys().equals(now.partitionKeys());
    }

    /** The new schema with the table's own description and the parameters a user added kept. */
    private static TableInput merged(TableInput old, TableInput found) {
        Map<String, String> params = new HashMap<>(old.hasParameters() ? old.parameters() : Map.of());
        params.putAll(found.parameters());
        return found.toBuilder().description(old.description()).owner(old.owner()).parameters(params).build();
    }

    private void deleteMissing(Scope scope, CatalogDatabase db, Crawler crawler, Set<String> seen, int[] counts,
                               Consumer<String> log) {
        DeleteBehavior behavior = crawler.schemaChangePolicy() == null || crawler.schemaChangePolicy().deleteBehavior() == null
                ? DeleteBehavior.DEPRECATE_IN_DATABASE : crawler.schemaChangePolicy().deleteBehavior();
        if (behavior == DeleteBehavior.LOG) {
            return;
        }
        for (CatalogTable t : tables.page(db.id(), null, null, Integer.MAX_VALUE)) {
            Map<String, String> params = t.input().hasParameters() ? t.input().parameters() : Map.of();
            if (!crawler.name().equals(params.get("UPDATED_BY_CRAWLER")) || seen.contains(t.name())
                    || params.containsKey("DEPRECATED_BY_CRAWLER")) {
                continue;
            }
            if (behavior == DeleteBehavior.DELETE_FROM_DATABASE) {
                tables.delete(t.id());
                log.accept("Deleted table " + t.name() + ": its data is gone");
            } else {
                Map<String, String> p = new HashMap<>(params);
                p.put("DEPRECATED_BY_CRAWLER", crawler.name());
                tables.update(t, t.input().toBuilder().parameters(p).build(), false, clock.now());
                log.accept("Deprecated table " + t.name() + ": its data is gone");
            }
            counts[2]++;
        }
    }

    private static ObjectSample sample(S3Client s3, String bucket, S3Layout.DataFile f) {
        return new ObjectSample() {
            private byte[] head;

            @Override
            public String key() {
                return f.key();
            }

            @Override
            public long size() {
                return f.size();
            }

            @Override
            public byte[] head() {
                if (head == null) {
                    head = range(0, (int) Math.min(HEAD_BYTES, f.size()));
                }
                return head;
            }

            @Override
            public byte[] range(long from, int length) {
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(f.key())
                        .range("bytes=" + from + "-" + (from + length - 1)));
                return bytes.asByteArray();
            }
        };
    }
}
