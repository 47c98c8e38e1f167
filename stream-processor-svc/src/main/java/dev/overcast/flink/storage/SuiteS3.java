package dev.overcast.flink.storage;

import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.flink.FlinkErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The suite's S3, reached through the S3 API only (as the application's account, with its suite credentials):
 * application code is fetched from it at the exact object version recorded; a suite bucket of the account holds each
 * application's snapshots (savepoint folders moved in and out by this class) and checkpoints (written and read there by
 * Flink's own S3 file system in the application's cluster, configured by {@link #fileSystem}).
 */
@Component
public class SuiteS3 {

    /** The metadata file of a complete checkpoint, in its {@code chk-<n>/} folder, maybe in its job's folder. */
    private static final Pattern CHECKPOINT = Pattern.compile("((?:[0-9a-f]{32}/)?chk-(\\d+))/_metadata");

    private final URI endpoint;
    private final String snapshotBucket;

    private final SuiteCredentials credentials;

    public SuiteS3(SuiteCredentials credentials, @Value("${overcast.flink.s3-url}") URI endpoint, @Value("${overcast.flink.snapshot-bucket}") String snapshotBucket) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.snapshotBucket = snapshotBucket;
    }

    private S3Client client(String account, String region) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(credentials.account(account))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The application's code (bucket ARN, key, optional version) into {@code target}; a missing object is the application's configuration error. */
    public void fetchCode(String account, String region, String bucketArn, String key, String version, Path target) {
        String bucket = bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
        try (S3Client s3 = client(account, region)) {
            Files.deleteIfExists(target);
            Files.createDirectories(target.getParent());
            s3.getObject(b -> b.bucket(bucket).key(key).versionId(version), ResponseTransformer.toFile(target));
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw FlinkErrors.invalidConfiguration("The application code s3://" + bucket + "/" + key
                    + (version == null ? "" : " (version " + version + ")") + " does not exist");
        } catch (S3Exception e) {
            throw FlinkErrors.invalidConfiguration("Could not read the application code s3://" + bucket + "/" + key + ": "
                    + e.awsErrorDetails().errorMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bucket snapshots of the account and region are kept in. */
    public String snapshotBucket(String account, String region) {
        return snapshotBucket + "-" + account + "-" + region;
    }

    /** Creates the snapshot bucket of the account and region unless it exists; its name. */
    public String ensureSnapshotBucket(String account, String region) {
        String bucket = snapshotBucket(account, region);
        try (S3Client s3 = client(account, region)) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // kept from an earlier application or snapshot
        }
        return bucket;
    }

    /**
     * The configuration of Flink's S3 file system ({@code s3.*}, which it passes on to Hadoop's S3A) that reaches the
     * suite's S3 as the account, path-style.
     */
    public Map<String, String> fileSystem(String account, String region) {
        var key = credentials.account(account).resolveCredentials();
        return Map.of("s3.endpoint", endpoint.toString(), "s3.endpoint.region", region, "s3.path.style.access", "true",
                "s3.access-key", key.accessKeyId(), "s3.secret-key", key.secretAccessKey());
    }

    /** {@code prefix} of the snapshot bucket as Flink's S3 file system names it. */
    public String location(String account, String region, String prefix) {
        return "s3://" + snapshotBucket(account, region) + "/" + prefix;
    }

    /**
     * The newest complete checkpoint under {@code prefix} of the snapshot bucket (a {@code chk-<n>/} folder holding its
     * {@code _metadata}, directly under the prefix or in a job's folder {@code <job id>/}: the last one written, the
     * highest n among those written at once), as Flink's S3 file system names it.
     */
    public Optional<String> latestCheckpoint(String account, String region, String prefix) {
        String bucket = snapshotBucket(account, region);
        try (S3Client s3 = client(account, region)) {
            record Found(String folder, java.time.Instant written, long number) {
            }
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(o -> {
                        Matcher m = CHECKPOINT.matcher(o.key().substring(prefix.length()));
                        return m.matches() ? new Found(m.group(1), o.lastModified(), Long.parseLong(m.group(2))) : null;
                    })
                    .filter(java.util.Objects::nonNull)
                    .max(Comparator.comparing(Found::written).thenComparingLong(Found::number))
                    .map(f -> location(account, region, prefix + f.folder()));
        } catch (NoSuchBucketException e) {
            return Optional.empty();
        }
    }

    /** Uploads every file under {@code dir} to {@code prefix} in the snapshot bucket. */
    public void upload(String account, String region, String prefix, Path dir) {
        String bucket = ensureSnapshotBucket(account, region);
        try (S3Client s3 = client(account, region); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = prefix + dir.relativize(f).toString().replace('\\', '/');
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Downloads every object under {@code prefix} of the snapshot bucket into {@code dir}. */
    public void download(String account, String region, String prefix, Path dir) {
        String bucket = snapshotBucket(account, region);
        try (S3Client s3 = client(account, region)) {
            List<S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().toList();
            for (S3Object o : objects) {
                Path f = dir.resolve(o.key().substring(prefix.length()));
                Files.createDirectories(f.getParent());
                Files.deleteIfExists(f);
                s3.getObject(b -> b.bucket(bucket).key(o.key()), ResponseTransformer.toFile(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the objects under {@code prefix} (a snapshot's, an application's checkpoints…). */
    public void delete(String account, String region, String prefix) {
        String bucket = snapshotBucket(account, region);
        try (S3Client s3 = client(account, region)) {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                    .forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
        } catch (NoSuchBucketException e) {
            // nothing was ever uploaded
        }
    }
}
