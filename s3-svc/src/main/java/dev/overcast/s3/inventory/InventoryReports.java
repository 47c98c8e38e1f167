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
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.zip.GZIPOutputStream;
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
 * last one, the first a period after the configuration): the listing as gzipped CSV under
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
        List<String> fields = c.hasOptionalFields() ? c.optionalFieldsAsStrings() : List.of();
        List<String> schema = new ArrayList<>(List.of("Bucket", "Key"));
        if (all) {
            schema.addAll(List.of("VersionId", "IsLatest", "IsDeleteMarker"));
        }
        schema.addAll(fields);
        String region = buckets.find(target).map(Bucket::region).orElse("us-east-1");
        S3Client s3 = clients.client(bucket.accountId(), region);
        try {
            Path file = Files.createTempFile("overcast-inventory-", ".csv.gz");
            try {
                try (OutputStream out = Files.newOutputStream(file);
                     Writer csv = new java.io.OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8)) {
                    writeRows(bucket.name(), c, all, fields, csv);
                }
                String dataKey = base + "/data/" + UUID.randomUUID() + ".csv.gz";
                byte[] data = Files.readAllBytes(file);
                s3.putObject(b -> b.bucket(target).key(dataKey), RequestBody.fromBytes(data));
                byte[] manifest = JSON.writeValueAsBytes(Map.of(
                        "sourceBucket", bucket.name(),
                        "destinationBucket", d.bucket(),
                        "version", "2016-11-30",
                        "creationTimestamp", Long.toString(now.toEpochMilli()),
                        "fileFormat", "CSV",
                        "fileSchema", String.join(", ", schema),
                        "files", List.of(Map.of("key", dataKey, "size", data.length,
                                "MD5checksum", HexFormat.of().formatHex(Md5.newDigest().digest(data))))));
                String folder = base + "/" + FOLDER.format(now) + "/";
                s3.putObject(b -> b.bucket(target).key(folder + "manifest.json").contentType("application/json"),
                        RequestBody.fromBytes(manifest));
                s3.putObject(b -> b.bucket(target).key(folder + "manifest.checksum"),
                        RequestBody.fromString(HexFormat.of().formatHex(Md5.newDigest().digest(manifest))));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeRows(String bucket, InventoryConfiguration c, boolean all, List<String> fields, Writer csv) {
        String prefix = c.filter() == null || c.filter().prefix() == null ? "" : c.filter().prefix();
        jdbc.query("select * from object where bucket = ? and starts_with(key, ?)"
                        + (all ? "" : " and is_latest and not delete_marker") + " order by key, version_seq desc",
                rs -> {
                    try {
                        csv.write(row(bucket, rs, all, fields));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, bucket, StoredText.stored(prefix));
    }

    private static String row(String bucket, ResultSet rs, boolean all, List<String> fields) throws SQLException {
        List<String> values = new ArrayList<>(List.of(bucket,
                URLEncoder.encode(StoredText.read(rs.getString("key")), StandardCharsets.UTF_8).replace("+", "%20")));
        if (all) {
            values.add("null".equals(rs.getString("version_id")) ? "" : rs.getString("version_id"));
            values.add(Boolean.toString(rs.getBoolean("is_latest")));
            values.add(Boolean.toString(rs.getBoolean("delete_marker")));
        }
        for (String f : fields) {
            values.add(switch (f) {
                case "Size" -> rs.getBoolean("delete_marker") ? "" : Long.toString(rs.getLong("size"));
                case "LastModifiedDate" -> rs.getTimestamp("last_modified").toInstant().toString();
                case "StorageClass" -> rs.getString("storage_class");
                case "ETag" -> rs.getString("etag") == null ? "" : rs.getString("etag").replace("\"", "");
                case "IsMultipartUploaded" -> Boolean.toString(rs.getObject("part_count") != null);
                case "ReplicationStatus" -> rs.getString("replication_status") == null ? "" : rs.getString("replication_status");
                case "EncryptionStatus" -> encryptionStatus(rs.getString("sse_algorithm"), rs.getString("sse_customer_key_md5"));
                case "ObjectLockRetainUntilDate" -> rs.getTimestamp("lock_retain_until") == null ? ""
                        : rs.getTimestamp("lock_retain_until").toInstant().toString();
                case "ObjectLockMode" -> rs.getString("lock_mode") == null ? "" : rs.getString("lock_mode");
                case "ObjectLockLegalHoldStatus" -> rs.getString("legal_hold") == null ? "" : rs.getString("legal_hold");
                case "BucketKeyStatus" -> Boolean.TRUE.equals(rs.getObject("bucket_key_enabled")) ? "ENABLED" : "DISABLED";
                case "ChecksumAlgorithm" -> rs.getString("checksum_algorithm") == null ? "" : rs.getString("checksum_algorithm");
                default -> ""; // fields with nothing behind them here (IntelligentTieringAccessTier, ObjectOwner, …)
            });
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            line.append(i == 0 ? "" : ",").append('"').append(values.get(i).replace("\"", "\"\"")).append('"');
        }
        return line.append('\n').toString();
    }

    private static String encryptionStatus(String algorithm, String customerKeyMd5) {
        if (customerKeyMd5 != null) {
            return "SSE-C";
        }
        if (algorithm == null) {
            return "NOT-SSE";
        }
        return algorithm.equals("AES256") ? "SSE-S3" : algorithm.equals("aws:kms:dsse") ? "DSSE-KMS" : "SSE-KMS";
    }
}
