package dev.overcast.s3.conditional;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import dev.overcast.s3.SdkErrors;
import dev.overcast.s3.object.ObjectStore;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Conditional reads (304/412 in RFC 9110's order, as S3 applies it) and conditional writes. */
class ConditionalRequestsTest {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final S3Client s3 = S3TestService.client();
    private String bucket;
    private String etag;
    private Instant modified;

    @BeforeEach
    void object() {
        bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        etag = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("hello")).eTag();
        modified = s3.headObject(b -> b.bucket(bucket).key("k")).lastModified();
    }

    private HttpResponse<String> get(String method, String... headers) throws Exception {
        return send(method, "/" + bucket + "/k", (String) null, headers);
    }

    private static String date(Instant t) {
        return HTTP_DATE.format(t);
    }

    @Test
    void readsAnswer304And412InAwsOrder() throws Exception {
        String past = date(modified.minusSeconds(3600));
        String future = date(modified.plusSeconds(3600));
        assertThat(get("GET", "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(get("GET", "If-Match", "*").statusCode()).isEqualTo(200);
        HttpResponse<String> failed = get("GET", "If-Match", "\"other\"");
        assertError(failed, 412, "PreconditionFailed");
        assertThat(failed.body()).contains("<Message>At least one of the pre-conditions you specified did not hold</Message>")
                .contains("<Condition>If-Match</Condition>");
        assertError(get("GET", "If-Unmodified-Since", past), 412, "PreconditionFailed");
        assertThat(get("GET", "If-Unmodified-Since", future).statusCode()).isEqualTo(200);
        // If-Match holding overrides a failing If-Unmodified-Since
        assertThat(get("GET", "If-Match", etag, "If-Unmodified-Since", past).statusCode()).isEqualTo(200);

        HttpResponse<String> notModified = get("GET", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).contains(etag);
        assertThat(get("GET", "If-None-Match", "\"other\"").body()).isEqualTo("hello");
        assertThat(get("GET", "If-Modified-Since", future).statusCode()).isEqualTo(304);
        assertThat(get("GET", "If-Modified-Since", past).statusCode()).isEqualTo(200);
        // If-None-Match failing (no match) overrides If-Modified-Since
        assertThat(get("GET", "If-None-Match", "\"other\"", "If-Modified-Since", future).statusCode()).isEqualTo(200);
        // 412 is decided before 304
        assertThat(get("GET", "If-Match", "\"other\"", "If-None-Match", etag).statusCode()).isEqualTo(412);
        assertThat(get("GET", "If-Unmodified-Since", past, "If-None-Match", etag).statusCode()).isEqualTo(412);
        // If-Match holding, If-None-Match matching: 304
        assertThat(get("GET", "If-Match", etag, "If-None-Match", etag).statusCode()).isEqualTo(304);

        assertThat(get("HEAD", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<String> head412 = get("HEAD", "If-Match", "\"other\"");
        assertThat(head412.statusCode()).isEqualTo(412);
        assertThat(head412.body()).isEmpty();
    }

    @Test
    void sdkConditionalGets() {
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").ifMatch(etag)).asUtf8String()).isEqualTo("hello");
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").ifMatch("\"nope\"")))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("k").ifNoneMatch(etag)))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(304));
    }

    @Test
    void conditionalPutsAndDeletes() throws Exception {
        HttpResponse<String> exists = send("PUT", "/" + bucket + "/k", "again", "If-None-Match", "*");
        assertError(exists, 412, "PreconditionFailed");
        assertThat(exists.body()).contains("<Condition>If-None-Match</Condition>");
        assertThat(send("PUT", "/" + bucket + "/fresh", "new", "If-None-Match", "*").statusCode()).isEqualTo(200);
        assertError(send("PUT", "/" + bucket + "/k", "x", "If-Match", "\"other\""), 412, "PreconditionFailed");
        assertError(send("PUT", "/" + bucket + "/absent", "x", "If-Match", etag), 404, "NoSuchKey");
        HttpResponse<String> replaced = send("PUT", "/" + bucket + "/k", "changed", "If-Match", etag);
        assertThat(replaced.statusCode()).isEqualTo(200);
        String newEtag = replaced.headers().firstValue("ETag").orElseThrow();
        assertThat(get("GET").body()).isEqualTo("changed");

        // on writes, If-None-Match takes only *
        HttpResponse<String> other = send("PUT", "/" + bucket + "/k", "x", "If-None-Match", "\"abc\"");
        assertError(other, 501, "NotImplemented");
        assertThat(other.body()).contains("<Message>A header you provided implies functionality that is not implemented</Message>")
                .contains("<Header>If-None-Match</Header>");
        assertError(send("DELETE", "/" + bucket + "/k", (String) null, "If-Match", etag), 412, "PreconditionFailed");
        assertThat(get("GET").body()).isEqualTo("changed");
        assertThat(send("DELETE", "/" + bucket + "/k", (String) null, "If-Match", newEtag).statusCode()).isEqualTo(204);
        assertThat(get("HEAD").statusCode()).isEqualTo(404);
    }

    @Test
    void exactlyOneOfManyConcurrentCreateOnlyPutsWins() throws Exception {
        int writers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "writer-" + i;
            results.add(pool.submit(() -> {
                start.await();
                return send("PUT", "/" + bucket + "/race", body, "If-None-Match", "*").statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        // one wins; the others find the key taken (412) or meet the winner's write in progress (409, to retry)
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412 || s == 409).hasSize(writers - 1);
        assertThat(get("GET").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/" + bucket + "/race", (String) null).body()).startsWith("writer-");
    }

    @Test
    void aConditionalWriteMeetingAWriteInProgressIsAConflict() throws Exception {
        // hold the key's lock as a write in progress would, from a connection of our own
        try (Connection connection = S3TestService.jdbc().getDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("select pg_advisory_xact_lock(" + ObjectStore.keyLock(bucket, "k") + ")");
            HttpResponse<String> conflict = send("PUT", "/" + bucket + "/k", "new", "If-Match", etag);
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(conflict.body()).contains("<Code>ConditionalRequestConflict</Code>");
            connection.rollback();
        }
        assertThat(send("PUT", "/" + bucket + "/k", "new", "If-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void completeMultipartUploadIsConditionalToo() {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String part = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(1),
                RequestBody.fromString("multi")).eTag();
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed"));
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id).ifNoneMatch(etag)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(501));
        // the refused complete left the upload in place
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id).ifMatch(etag)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("multi");
    }

    @Test
    void sdkPutObjectIfMatchWithStreamedBodiesAndInAVersionedBucket() {
        // a body of unknown length goes up aws-chunked, past the inline limit
        java.util.function.Function<String, RequestBody> streamed = text -> RequestBody.fromContentProvider(
                () -> new java.io.ByteArrayInputStream((text + "x".repeat(100_000)).getBytes()), "text/plain");
        String replaced = s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(etag), streamed.apply("one")).eTag();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).startsWith("one");
        S3Exception mismatch = SdkErrors.failure(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(etag),
                streamed.apply("two")));
        SdkErrors.assertFailure(mismatch, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        SdkErrors.assertFailure(SdkErrors.failure(() -> s3.putObject(b -> b.bucket(bucket).key("absent").ifMatch(etag),
                streamed.apply("three"))), 404, "NoSuchKey", null);

        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        String version = s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(replaced), RequestBody.fromString("four"))
                .versionId();
        assertThat(version).hasSize(32);
        SdkErrors.assertFailure(SdkErrors.failure(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(replaced),
                RequestBody.fromString("five"))), 412, "PreconditionFailed", null);
        s3.deleteObject(b -> b.bucket(bucket).key("k")); // a delete marker is current: the key holds no object
        SdkErrors.assertFailure(SdkErrors.failure(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifMatch("*"),
                RequestBody.fromString("six"))), 404, "NoSuchKey", null);
    }
}
