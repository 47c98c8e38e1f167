package dev.overcast.s3.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.GetBucketCorsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class CorsTest {

    private final S3Client s3 = S3TestService.client();

    private static final CORSRule UPLOADS = CORSRule.builder().id("uploads")
            .allowedOrigins("https://*.example.com").allowedMethods("PUT", "POST")
            .allowedHeaders("content-type", "x-amz-*").exposeHeaders("ETag", "x-amz-request-id").maxAgeSeconds(600).build();
    private static final CORSRule READS = CORSRule.builder().allowedOrigins("*").allowedMethods("GET", "HEAD").build();

    private String bucketWithRules(CORSRule... rules) {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(rules)));
        return bucket;
    }

    @Test
    void putGetDeleteRoundTrip() {
        String bucket = bucketWithRules(UPLOADS, READS);
        GetBucketCorsResponse got = s3.getBucketCors(b -> b.bucket(bucket));
        assertThat(got.corsRules()).containsExactly(UPLOADS, READS);
        s3.deleteBucketCors(b -> b.bucket(bucket));
        assertThatThrownBy(() -> s3.getBucketCors(b -> b.bucket(bucket)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchCORSConfiguration");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The CORS configuration does not exist");
                });
    }

    @Test
    void invalidConfigurationsAreRefusedAndChangeNothing() throws Exception {
        String bucket = bucketWithRules(READS);
        assertCode(() -> s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("*").allowedMethods("PATCH").build()))), 400, "InvalidRequest",
                "Found unsupported HTTP method in CORS config. Unsupported method is PATCH");
        assertCode(() -> s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("https://*.*.example.com").allowedMethods("GET").build()))), 400,
                "InvalidRequest", "AllowedOrigin \"https://*.*.example.com\" can not have more than one wildcard.");
        assertCode(() -> s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("*").allowedMethods("GET").allowedHeaders("x-*-*").build()))), 400,
                "InvalidRequest", "AllowedHeader \"x-*-*\" can not have more than one wildcard.");
        assertCode(() -> s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedMethods("GET").build()))), 400, "MalformedXML", null);
        List<CORSRule> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(READS);
        }
        assertCode(() -> s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(tooMany))), 400,
                "MalformedXML", null);
        assertThat(s3.getBucketCors(b -> b.bucket(bucket)).corsRules()).containsExactly(READS);
        HttpResponse<String> malformed = RawS3.send("PUT", "/" + bucket + "?cors", "<CORSConfiguration><CORSRule>",
                "Content-Type", "application/xml");
        RawS3.assertError(malformed, 400, "MalformedXML");
    }

    @Test
    void preflightIsAnsweredByTheFirstMatchingRule() throws Exception {
        String bucket = bucketWithRules(UPLOADS, READS);
        HttpResponse<String> put = RawS3.send("OPTIONS", "/" + bucket + "/photos/cat.jpg", (byte[]) null,
                "Origin", "https://app.example.com", "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "Content-Type, X-Amz-Date, x-amz-content-sha256");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(put.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(put.headers().firstValue("Access-Control-Allow-Methods")).hasValue("PUT, POST");
        assertThat(put.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("content-type, x-amz-date, x-amz-content-sha256");
        assertThat(put.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag, x-amz-request-id");
        assertThat(put.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(put.headers().firstValue("Vary"))
                .hasValue("Origin, Access-Control-Request-Headers, Access-Control-Request-Method");

        HttpResponse<String> get = RawS3.send("OPTIONS", "/" + bucket + "/photos/cat.jpg", (byte[]) null,
                "Origin", "http://elsewhere.test", "Access-Control-Request-Method", "GET");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(get.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(get.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD");
        assertThat(get.headers().firstValue("Access-Control-Max-Age")).isEmpty();
    }

    @Test
    void preflightWithoutAMatchingRuleIsForbidden() throws Exception {
        String bucket = bucketWithRules(UPLOADS);
        HttpResponse<String> origin = RawS3.send("OPTIONS", "/" + bucket + "/k", (byte[]) null,
                "Origin", "https://example.org", "Access-Control-Request-Method", "PUT");
        RawS3.assertError(origin, 403, "AccessForbidden");
        assertThat(RawS3.element(origin.body(), "Message")).startsWith("CORSResponse: This CORS request is not allowed.");
        assertThat(RawS3.element(origin.body(), "Method")).isEqualTo("PUT");
        assertThat(RawS3.element(origin.body(), "ResourceType")).isEqualTo("OBJECT");
        assertThat(origin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> header = RawS3.send("OPTIONS", "/" + bucket + "/k", (byte[]) null,
                "Origin", "https://a.example.com", "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "authorization");
        RawS3.assertError(header, 403, "AccessForbidden");
        HttpResponse<String> method = RawS3.send("OPTIONS", "/" + bucket, (byte[]) null,
                "Origin", "https://a.example.com", "Access-Control-Request-Method", "DELETE");
        RawS3.assertError(method, 403, "AccessForbidden");
        assertThat(RawS3.element(method.body(), "ResourceType")).isEqualTo("BUCKET");

        String plain = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(plain));
        HttpResponse<String> none = RawS3.send("OPTIONS", "/" + plain + "/k", (byte[]) null,
                "Origin", "https://a.example.com", "Access-Control-Request-Method", "GET");
        RawS3.assertError(none, 403, "AccessForbidden");
        assertThat(RawS3.element(none.body(), "Message")).isEqualTo("CORSResponse: CORS is not enabled for this bucket.");
        HttpResponse<String> noOrigin = RawS3.send("OPTIONS", "/" + bucket + "/k", (byte[]) null,
                "Access-Control-Request-Method", "GET");
        RawS3.assertError(noOrigin, 400, "BadRequest");
        assertThat(RawS3.element(noOrigin.body(), "Message")).isEqualTo("Insufficient information. Origin request header needed.");
    }

    @Test
    void actualRequestsCarryTheHeadersOfTheMatchingRule() throws Exception {
        String bucket = bucketWithRules(UPLOADS, READS);
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("hello"));
        HttpResponse<String> get = RawS3.send("GET", "/" + bucket + "/k", (byte[]) null, "Origin", "https://x.example.com");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello");
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(get.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD");
        assertThat(get.headers().firstValue("Vary")).isPresent();
        HttpResponse<String> put = RawS3.send("PUT", "/" + bucket + "/k2", "v", "Origin", "https://x.example.com");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://x.example.com");
        assertThat(put.headers().firstValue("Access-Control-Expose-Headers")).hasValue("ETag, x-amz-request-id");
        HttpResponse<String> delete = RawS3.send("DELETE", "/" + bucket + "/k2", (byte[]) null, "Origin", "https://x.example.com");
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(delete.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> noOrigin = RawS3.send("GET", "/" + bucket + "/k", (byte[]) null);
        assertThat(noOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static void assertCode(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }
}
