package dev.overcast.s3.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.S3TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLoggingStatus;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PartitionDateSource;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Server access logging with the SDK against the S3 port: the configuration calls and their errors, and log objects. */
class AccessLoggingTest {

    /** S3's documented record: 26 fields, the time and three of them quoted. */
    private static final Pattern RECORD = Pattern.compile("(\\S+) (\\S+) \\[([^]]+)] (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) "
            + "\"([^\"]*)\" (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) \"([^\"]*)\" \"([^\"]*)\" (\\S+) (\\S+) (\\S+) (\\S+) "
            + "(\\S+) (\\S+) (\\S+) (\\S+) (\\S+)");

    private final S3Client s3 = S3TestService.client();

    private String bucket() {
        String name = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    private static void assertError(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).as(e.toString()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).as(e.toString()).isEqualTo(code);
        });
    }

    private void enable(String source, LoggingEnabled enabled) {
        s3.putBucketLogging(p -> p.bucket(source).bucketLoggingStatus(BucketLoggingStatus.builder().loggingEnabled(enabled).build()));
    }

    @Test
    void configurationCallsAndErrors() {
        String source = bucket();
        String target = bucket();
        assertThat(s3.getBucketLogging(g -> g.bucket(source)).loggingEnabled()).isNull();
        enable(source, LoggingEnabled.builder().targetBucket(target).targetPrefix("logs/")
                .targetObjectKeyFormat(f -> f.partitionedPrefix(p -> p.partitionDateSource(PartitionDateSource.DELIVERY_TIME)))
                .build());
        LoggingEnabled got = s3.getBucketLogging(g -> g.bucket(source)).loggingEnabled();
        assertThat(got.targetBucket()).isEqualTo(target);
        assertThat(got.targetPrefix()).isEqualTo("logs/");
        assertThat(got.targetObjectKeyFormat().partitionedPrefix().partitionDateSource()).isEqualTo(PartitionDateSource.DELIVERY_TIME);

        assertError(() -> enable(source, LoggingEnabled.builder().targetBucket("no-such-" + target).targetPrefix("x").build()),
                400, "InvalidTargetBucketForLogging");
        S3Client other = S3TestService.client("111122223333", "us-east-1");
        String othersBucket = S3TestService.bucketName();
        other.createBucket(b -> b.bucket(othersBucket));
        assertError(() -> enable(source, LoggingEnabled.builder().targetBucket(othersBucket).targetPrefix("x").build()),
                400, "InvalidTargetBucketForLogging");
        S3Client west = S3TestService.client("000000000000", "us-west-2");
        String westBucket = S3TestService.bucketName();
        west.createBucket(b -> b.bucket(westBucket).createBucketConfiguration(c -> c.locationConstraint("us-west-2")));
        assertError(() -> enable(source, LoggingEnabled.builder().targetBucket(westBucket).targetPrefix("x").build()),
                403, "CrossLocationLoggingProhibitted");

        s3.putBucketLogging(p -> p.bucket(source).bucketLoggingStatus(BucketLoggingStatus.builder().build()));
        assertThat(s3.getBucketLogging(g -> g.bucket(source)).loggingEnabled()).isNull();
    }

    @Test
    void requestsAreDeliveredAsLogObjectsInS3sFormat() throws Exception {
        String source = bucket();
        String target = bucket();
        enable(source, LoggingEnabled.builder().targetBucket(target).targetPrefix("access/").build());
        Thread.sleep(LoggingStore.CACHED.toMillis() + 500); // the request path sees the configuration within that time
        s3.putObject(p -> p.bucket(source).key("dir/a b.txt"), RequestBody.fromString("hello"));
        s3.getObjectAsBytes(g -> g.bucket(source).key("dir/a b.txt"));
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket(source).key("missing"))).isInstanceOf(NoSuchKeyException.class);
        s3.listObjectsV2(l -> l.bucket(source));

        // the clock moving on delivers at once (in the background: polled here as a user would)
        S3TestService.bean(SuiteClock.class).advance(Duration.ofMinutes(5));
        List<String> keys = List.of();
        for (long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); keys.isEmpty()
                && System.nanoTime() < deadline; Thread.sleep(200)) {
            keys = s3.listObjectsV2(l -> l.bucket(target).prefix("access/")).contents().stream().map(o -> o.key()).toList();
        }
        assertThat(keys).isNotEmpty().allMatch(k -> k.matches("access/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}"));
        List<Matcher> records = new ArrayList<>();
        Thread.sleep(1000); // a delivery under way finishes its batch
        keys = s3.listObjectsV2(l -> l.bucket(target).prefix("access/")).contents().stream().map(o -> o.key()).toList();
        for (String key : keys) {
            for (String line : s3.getObjectAsBytes(g -> g.bucket(target).key(key)).asUtf8String().split("\n")) {
                Matcher m = RECORD.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                records.add(m);
            }
        }
        assertThat(records).extracting(m -> m.group(7)).contains("REST.PUT.OBJECT", "REST.GET.OBJECT", "REST.GET.BUCKET");
        Matcher put = records.stream().filter(m -> m.group(7).equals("REST.PUT.OBJECT")).findFirst().orElseThrow();
        assertThat(put.group(2)).isEqualTo(source);
        assertThat(put.group(3)).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(put.group(5)).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(put.group(8)).isEqualTo("dir/a%20b.txt");
        assertThat(put.group(9)).startsWith("PUT /" + source + "/dir/a%20b.txt").endsWith(" HTTP/1.1");
        assertThat(put.group(10)).isEqualTo("200");
        assertThat(put.group(13)).isEqualTo("5");
        assertThat(put.group(20)).isEqualTo("SigV4");
        assertThat(put.group(22)).isEqualTo("AuthHeader");
        Matcher get = records.stream().filter(m -> m.group(7).equals("REST.GET.OBJECT") && m.group(10).equals("200"))
                .findFirst().orElseThrow();
        assertThat(get.group(12)).isEqualTo("5");
        Matcher missing = records.stream().filter(m -> m.group(8).equals("missing")).findFirst().orElseThrow();
        assertThat(missing.group(10)).isEqualTo("404");
        assertThat(missing.group(11)).isEqualTo("NoSuchKey");
        // delivered lines are gone: nothing more to deliver
        assertThat(S3TestService.bean(AccessLogDelivery.class).deliver()).isZero();
    }

    @Test
    void partitionedPrefixLaysOutAccountRegionBucketAndDay() throws Exception {
        String source = bucket();
        String target = bucket();
        enable(source, LoggingEnabled.builder().targetBucket(target).targetPrefix("p/")
                .targetObjectKeyFormat(f -> f.partitionedPrefix(p -> p.partitionDateSource(PartitionDateSource.EVENT_TIME)))
                .build());
        Thread.sleep(LoggingStore.CACHED.toMillis() + 500);
        s3.putObject(p -> p.bucket(source).key("k"), RequestBody.fromString("v"));
        S3TestService.bean(AccessLogDelivery.class).deliver();
        assertThat(s3.listObjectsV2(l -> l.bucket(target).prefix("p/")).contents()).extracting(o -> o.key())
                .allMatch(k -> k.matches("p/000000000000/us-east-1/" + source
                        + "/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9A-F]{16}"))
                .isNotEmpty();
    }
}
