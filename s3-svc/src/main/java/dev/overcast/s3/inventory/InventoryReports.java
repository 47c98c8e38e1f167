package dev.overcast.s3.inventory;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.LoopbackClients;
import dev.overcast.s3.StoredText;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.Md5;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InventoryConfiguration;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers inventory reports as S3 lays them out, when one falls due by the suite's clock (a day or a week after the
 * last one, the first a period after the configuration): the listing as gzipped CSV, ORC or Parquet (the columns the
 * configuration asks for, streamed from the database into a local file) under
 * {@code <prefix>/<bucket>/<id>/data/}, then {@code <prefix>/<bucket>/<id>/<YYYY-MM-DDTHH-MMZ>/manifest.json} and its
 * {@code manifest.checksum}, written to the destination bucket through the S3 API as the source bucket's owner. Every
 * minute and whenever the clock moves on; one worker across replicas; a report is recorded as delivered only once
 * its manifest is written, so an interrupted one is delivered again.
 */
@Component
public class InventoryReports {

    private static final Logger log = LoggerFactory.getLogger(InventoryReports.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm'Z'")
            .withZone(ZoneOffset.UTC);

    private final BucketStore buckets;
    private final JdbcTemplate jdbc;
    private final SuiteClock clock;
    private final LoopbackClients clients;
    private final JobLock lock;

    public InventoryReports(BucketStore buckets, JdbcTemplate jdbc, SuiteClock clock, LoopbackClients clients,
                            DataSource dataSource) {
        this.buckets = buckets;
        this.jdbc = jdbc;
        this.clock = clock;
        this.clients = clients;
        this.lock = new JobLock(dataSource);
        clock.onAdvance(this::scheduled);
    }

    @Scheduled(fixedDelayString = "${overcast.s3.inventory-interval:1m}",
            initialDelayString = "${overcast.s3.inventory-interval:1m}")
    public void scheduled() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("Inventory reports failed (the next run takes them up again)", e);
        }
    }

    /** Delivers every report due now; the reports delivered, or -1 when another run holds the lock. */
    public int deliverDue() {
        int[] delivered = {0};
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from bucket_inventory)", Boolean.class))) {
            return 0; // the lock's connection is held only when there may be work
        }
        boolean ran = lock.runExclusively("s3.inventory", () -> {
            Instant now = clock.now();
            for (Map<String, Object> row : jdbc.queryForList("select bucket, id, configuration, last_report from bucket_inventory")) {
                InventoryConfiguration c = ModelJson.read((String) row.get("configuration"), InventoryConfiguration.class);
                Duration period = "Weekly".equals(c.schedule().frequencyAsString()) ? Duration.ofDays(7) : Duration.ofDays(1);
                Timestamp last = (Timestamp) row.get("last_report");
                if (!Boolean.TRUE.equals(c.isEnabled()) || (last != null && last.toInstant().plus(period).isAfter(now))) {
                    continue;
                }
                buckets.find((String) row.get("bucket")).ifPresent(b -> {
                    deliver(b, c, now);
                    jdbc.update("update bucket_inventory set last_report = ? where bucket = ? and id = ?",
                            Timestamp.from(now), b.name(), c.id());
                    delivered[0]++;
                });
            }
        });
        return ran ? delivered[0] : -1;
    }

    private void deliver(Bucket bucket, InventoryConfiguration c, Instant now) {
        var d = c.destination().s3BucketDestination();
        String target = d.bucket().substring("arn:aws:s3:::".length());
        String base = (d.prefix() == null || d.prefix().isEmpty() ? "" : d.prefix() + "/") + bucket.name() + "/" + c.id();
        boolean all = c.includedObjectVersions() == InventoryIncludedObjectVersions.ALL;
        List<InventoryColumn> columns = InventoryColumn.of(all,
                c.hasOptionalFields() ? c.optionalFieldsAsStrings() : List.of());
        String format = d.formatAsString();
        String region = buckets.find(target).map(Bucket::region).orElse("us-east-1");
        S3Client s3 = clients.client(bucket.accountId(), region);
        try {
            Path dir = Files.createTempDirectory("overcast-inventory-");
            Path file = dir.resolve("report" + InventoryFile.extension(format));
            try {
                try (InventoryFile out = InventoryFile.open(format, file, columns)) {
                    writeRows(bucket.name(), c, all, columns, out);
                }
                String dataKey = base + "/data/" + UUID.randomUUID() + InventoryFile.extension(format);
                s3.putObject(b -> b.bucket(target).key(dataKey), RequestBody.fromFile(file));
                byte[] manifest = JSON.writeValueAsBytes(Map.of(
                        "sourceBucket", bucket.name(),
                        "destinationBucket", d.bucket(),
                        "version", "2016-11-30",
                        "creationTimestamp", Long.toString(now.toEpochMilli()),
                        "fileFormat", format,
                        "fileSchema", InventoryFile.fileSchema(format, columns),
                        "files", List.of(Map.of("key", dataKey, "size", Files.size(file),
                                "MD5checksum", md5(file)))));
                String folder = base + "/" + FOLDER.format(now) + "/";
                s3.putObject(b -> b.bucket(target).key(folder + "manifest.json").contentType("application/json"),
                        RequestBody.fromBytes(manifest));
                s3.putObject(b -> b.bucket(target).key(folder + "manifest.checksum"),
                        RequestBody.fromString(HexFormat.of().formatHex(Md5.newDigest().digest(manifest))));
            } finally {
                try (var left = Files.list(dir)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's MD5, hex, read as a stream. */
    private static String md5(Path file) throws IOException {
        var digest = Md5.newDigest();
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void writeRows(String bucket, InventoryConfiguration c, boolean all, List<InventoryColumn> columns,
                           InventoryFile out) {
        String prefix = c.filter() == null || c.filter().prefix() == null ? "" : c.filter().prefix();
        jdbc.query("select * from object where bucket = ? and starts_with(key, ?)"
                        + (all ? "" : " and is_latest and not delete_marker") + " order by key, version_seq desc",
                rs -> {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (InventoryColumn column : columns) {
                        values.add(column.value().of(rs));
                    }
                    try {
                        out.write(values);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, bucket, StoredText.stored(prefix));
    }
}
