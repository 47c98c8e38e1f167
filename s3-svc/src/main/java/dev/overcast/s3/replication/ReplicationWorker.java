package dev.overcast.s3.replication;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.db.JobLock;
import dev.overcast.s3.LoopbackClients;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.object.ObjectApi;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * Copies PENDING versions to their rule's destination bucket through the S3 API (the SDK, signed as the source
 * bucket's owner account: a destination of another account must grant it by its bucket policy), marking the copy
 * REPLICA and the source COMPLETED, or FAILED when the destination refuses (a version no rule matches any more, or
 * encrypted with a customer key, is left without status, as on S3). Every second; one worker across replicas; a
 * version stays PENDING until its copy is acknowledged, so a restart resumes where it stopped.
 */
@Component
public class ReplicationWorker {

    private static final Logger log = LoggerFactory.getLogger(ReplicationWorker.class);
    private static final int BATCH = 100;

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final JdbcTemplate jdbc;
    private final JobLock lock;
    private final LoopbackClients clients;

    public ReplicationWorker(BucketStore buckets, ObjectStore objects, JdbcTemplate jdbc, DataSource dataSource,
                             LoopbackClients clients) {
        this.buckets = buckets;
        this.objects = objects;
        this.jdbc = jdbc;
        this.lock = new JobLock(dataSource);
        this.clients = clients;
    }

    @Scheduled(fixedDelayString = "${overcast.s3.replication-interval:1s}",
            initialDelayString = "${overcast.s3.replication-interval:1s}")
    public void scheduled() {
        try {
            // one cheap look first: the lock's connection is held only when there is work
            if (Boolean.TRUE.equals(jdbc.queryForObject(
                    "select exists (select 1 from object where replication_status = 'PENDING')", Boolean.class))) {
                lock.runExclusively("s3.replication", this::replicatePending);
            }
        } catch (RuntimeException e) {
            log.warn("Replication failed (pending versions are taken up again)", e);
        }
    }

    /** Replicates the pending versions, a batch at a time, until none is left that can be done now. */
    void replicatePending() {
        while (true) {
            List<Map<String, Object>> pending = jdbc.queryForList("""
                    select id, bucket, key, version_id from object where replication_status = 'PENDING'
                    order by id limit ?""", BATCH);
            int done = 0;
            for (Map<String, Object> row : pending) {
                String status = replicate((String) row.get("bucket"), dev.overcast.s3.StoredText.read((String) row.get("key")),
                        (String) row.get("version_id"));
                if (!"PENDING".equals(status)) {
                    jdbc.update("update object set replication_status = ? where id = ? and replication_status = 'PENDING'",
                            status, row.get("id"));
                    done++;
                }
            }
            if (pending.size() < BATCH || done == 0) {
                return;
            }
        }
    }

    /** The version's new status: COMPLETED, FAILED, null (not replicated), or PENDING to try again later. */
    private String replicate(String bucketName, String key, String versionId) {
        Bucket source = buckets.find(bucketName).orElse(null);
        StoredObject version = source == null ? null : objects.find(bucketName, key, versionId).orElse(null);
        String stored = source == null ? null : buckets.replication(bucketName);
        if (version == null || stored == null || version.encryption().customer()) {
            return null;
        }
        ReplicationConfiguration c = ModelJson.read(stored, ReplicationConfiguration.class);
        ReplicationRule rule = ReplicationRules.match(c, key, version.tags());
        if (rule == null) {
            return null;
        }
        String destination = ReplicationRules.bucketOf(rule.destination().bucket());
        try {
            // the request is signed for the destination's region, as S3's replication sends it there
            String region = buckets.find(destination).map(Bucket::region).orElse("us-east-1");
            S3Client target = clients.client(source.accountId(), region);
            Path file = Files.createTempFile("overcast-replica-", ".bin");
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    if (version.size() > 0) {
                        objects.read(version, 0, version.size() - 1, out, null);
                    }
                }
                target.putObject(request(version, destination, rule), RequestBody.fromFile(file));
            } finally {
                Files.deleteIfExists(file);
            }
            return "COMPLETED";
        } catch (SdkServiceException e) {
            return e.statusCode() >= 500 ? "PENDING" : "FAILED";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PutObjectRequest request(StoredObject version, String destination, ReplicationRule rule) {
        var content = version.content();
        String storageClass = rule.destination().storageClass() != null ? rule.destination().storageClassAsString()
                : version.storageClass();
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(destination).key(version.key())
                .contentType(content.contentType()).contentEncoding(content.contentEncoding())
                .contentDisposition(content.contentDisposition()).contentLanguage(content.contentLanguage())
                .cacheControl(content.cacheControl()).metadata(version.userMetadata()).storageClass(storageClass)
                .websiteRedirectLocation(content.websiteRedirect())
                .overrideConfiguration(o -> o.putHeader(ObjectApi.REPLICA_HEADER, "true"));
        if (!version.tags().isEmpty()) {
            b.tagging(software.amazon.awssdk.services.s3.model.Tagging.builder().tagSet(version.tags().entrySet().stream()
                    .map(t -> software.amazon.awssdk.services.s3.model.Tag.builder().key(t.getKey()).value(t.getValue())
                            .build()).toList()).build());
        }
        return b.build();
    }
}
