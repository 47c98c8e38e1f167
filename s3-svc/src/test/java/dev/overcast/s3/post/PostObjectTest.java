package dev.overcast.s3.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.testing.TestDatabase;
import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3Application;
import dev.overcast.s3.S3TestService;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

class PostObjectTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AKID = "AKIAPOSTTEST0000";
    private static final String SECRET = "post-secret";
    private static ConfigurableApplicationContext verifying;

    private final S3Client s3 = S3TestService.client();

    @AfterAll
    static void stop() {
        if (verifying != null) {
            verifying.close();
        }
    }

    /** A multipart/form-data body, fields in the order given; the file is a field named "file". */
    static final class Form {
        final String boundary = "----OvercastBoundary" + Long.toHexString(new Random().nextLong());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Form field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Form file(String filename, byte[] bytes) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            out.writeBytes(bytes);
            write("\r\n");
            return this;
        }

        byte[] end() {
            write("--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static HttpResponse<String> post(URI endpoint, String bucket, Form form) throws Exception {
        byte[] body = form.end();
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket))
                .header("Content-Type", "multipart/form-data; boundary=" + form.boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bucket whose policy lets anyone upload (what unsigned forms need); signed forms upload as its owner. */
    private String bucket() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + bucket
                + "/*\"}]}"));
        return bucket;
    }

    @Test
    void unsignedUploadNeedsAPolicyOrAclThatLetsAnyoneWrite() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        HttpResponse<String> denied = post(S3TestService.endpoint(), bucket, new Form().field("key", "anon")
                .file("f", new byte[] {1}));
        RawS3.assertError(denied, 403, "AccessDenied");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("anon"))).isInstanceOf(NoSuchKeyException.class);
        // the same bucket with ACLs enabled and public-read-write: the form is taken
        s3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(r -> r
                .objectOwnership("ObjectWriter"))));
        s3.putBucketAcl(b -> b.bucket(bucket).acl("public-read-write"));
        HttpResponse<String> taken = post(S3TestService.endpoint(), bucket, new Form().field("key", "anon")
                .file("f", new byte[] {1}));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(204);
        // IgnorePublicAcls takes the grant away again
        s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.ignorePublicAcls(true)));
        RawS3.assertError(post(S3TestService.endpoint(), bucket, new Form().field("key", "anon2")
                .file("f", new byte[] {1})), 403, "AccessDenied");
    }

    /** A policy document, base64, expiring in an hour (or the given instant). */
    static String policy(Instant expiration, String... conditions) {
        String json = "{\"expiration\": \"" + DateTimeFormatter.ISO_INSTANT.format(expiration.truncatedTo(ChronoUnit.SECONDS))
                + "\", \"conditions\": [" + String.join(", ", conditions) + "]}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The fields of a SigV4-signed POST for the policy; the signature is computed here, independently. */
    static Form signed(String key, String policyBase64, String accessKey, String secret) throws Exception {
        Instant now = Instant.now();
        String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now);
        String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
        String credential = accessKey + "/" + date + "/us-east-1/s3/aws4_request";
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, "us-east-1");
        k = hmac(k, "s3");
        k = hmac(k, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(k, policyBase64));
        return new Form().field("key", key).field("x-amz-algorithm", "AWS4-HMAC-SHA256").field("x-amz-credential", credential)
                .field("x-amz-date", amzDate).field("policy", policyBase64).field("x-amz-signature", signature);
    }

    static String[] signingConditions(String bucket) {
        return new String[] {"{\"bucket\": \"" + bucket + "\"}", "[\"starts-with\", \"$key\", \"uploads/\"]",
                "{\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}", "[\"starts-with\", \"$x-amz-credential\", \"\"]",
                "[\"starts-with\", \"$x-amz-date\", \"\"]"};
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unsignedUploadWithFieldsAnd201Response() throws Exception {
        String bucket = bucket();
        HttpResponse<String> r = post(S3TestService.endpoint(), bucket, new Form()
                .field("key", "uploads/${filename}")
                .field("Content-Type", "text/plain")
                .field("x-amz-meta-colour", "blue")
                .field("tagging", "<Tagging><TagSet><Tag><Key>team</Key><Value>red</Value></Tag></TagSet></Tagging>")
                .field("success_action_status", "201")
                .file("notes.txt", "hello from a form".getBytes(StandardCharsets.UTF_8))
                .field("ignored-after-file", "x"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RawS3.element(r.body(), "Bucket")).isEqualTo(bucket);
        assertThat(RawS3.element(r.body(), "Key")).isEqualTo("uploads/notes.txt");
        assertThat(RawS3.element(r.body(), "Location")).endsWith("/" + bucket + "/uploads/notes.txt");
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("uploads/notes.txt"));
        assertThat(got.asUtf8String()).isEqualTo("hello from a form");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().metadata()).containsEntry("colour", "blue");
        assertThat(RawS3.element(r.body(), "ETag")).isEqualTo(got.response().eTag().replace("\"", "&quot;"));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("uploads/notes.txt")).tagSet())
                .singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=red"));
    }

    @Test
    void theAclFieldIsTheObjectsAclWhereTheBucketAllowsAcls() throws Exception {
        String bucket = bucket(); // ACLs disabled: only bucket-owner-full-control is taken
        RawS3.assertError(post(S3TestService.endpoint(), bucket, new Form().field("key", "public").field("acl",
                "public-read").file("f", new byte[] {1})), 400, "AccessControlListNotSupported");
        RawS3.assertError(post(S3TestService.endpoint(), bucket, new Form().field("key", "public").field("acl",
                "everyone").file("f", new byte[] {1})), 400, "InvalidArgument");
        assertThat(post(S3TestService.endpoint(), bucket, new Form().field("key", "owned").field("acl",
                "bucket-owner-full-control").file("f", new byte[] {1})).statusCode()).isEqualTo(204);

        s3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(r -> r
                .objectOwnership("ObjectWriter"))));
        HttpResponse<String> taken = post(S3TestService.endpoint(), bucket, new Form().field("key", "public")
                .field("acl", "public-read").file("f", "for all".getBytes(StandardCharsets.UTF_8)));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(204);
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("public")).grants()).extracting(g -> g.grantee().uri())
                .containsExactly(null, "http://acs.amazonaws.com/groups/global/AllUsers");
        // the unsigned form's object is the bucket owner's, and its ACL lets an unsigned GET read it
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("public")).owner().id())
                .isEqualTo(s3.listBuckets().owner().id());
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(S3TestService.endpoint() + "/" + bucket
                + "/public")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("for all");
    }

    @Test
    void largeFileStreamsThrough204WithEtagAndLocation() throws Exception {
        String bucket = bucket();
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        HttpResponse<String> r = post(S3TestService.endpoint(), bucket, new Form().field("key", "big.bin").file("big.bin", bytes));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + md5 + "\"");
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/" + bucket + "/big.bin"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin")).asByteArray()).isEqualTo(bytes);

        HttpResponse<String> ok = post(S3TestService.endpoint(), bucket, new Form().field("key", "k200")
                .field("success_action_status", "200").file("f", new byte[] {1}));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEmpty();
        HttpResponse<String> redirect = post(S3TestService.endpoint(), bucket, new Form().field("key", "a b")
                .field("success_action_redirect", "http://app.example/done").file("f", new byte[] {1}));
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location").orElseThrow())
                .startsWith("http://app.example/done?bucket=" + bucket + "&key=a%20b&etag=%22");
    }

    @Test
    void policyConditionsAreEnforced() throws Exception {
        String bucket = bucket();
        Instant later = Instant.now().plusSeconds(3600);
        String[] base = signingConditions(bucket);
        String good = policy(later, concat(base, "[\"content-length-range\", 2, 10]", "{\"Content-Type\": \"text/plain\"}"));
        HttpResponse<String> ok = post(S3TestService.endpoint(), bucket, signed("uploads/a", good, "any", "ignored")
                .field("Content-Type", "text/plain").file("a", "12345".getBytes(StandardCharsets.UTF_8)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);

        HttpResponse<String> key = post(S3TestService.endpoint(), bucket, signed("other/a", good, "any", "ignored")
                .field("Content-Type", "text/plain").file("a", "12345".getBytes(StandardCharsets.UTF_8)));
        RawS3.assertError(key, 403, "AccessDenied");
        assertThat(text(key.body(), "Message"))
                .isEqualTo("Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", \"uploads/\"]");

        HttpResponse<String> extra = post(S3TestService.endpoint(), bucket, signed("uploads/b", good, "any", "ignored")
                .field("Content-Type", "text/plain").field("x-amz-meta-extra", "1").file("a", "12345".getBytes(StandardCharsets.UTF_8)));
        RawS3.assertError(extra, 403, "AccessDenied");
        assertThat(RawS3.element(extra.body(), "Message")).isEqualTo("Invalid according to Policy: Extra input fields: x-amz-meta-extra");

        HttpResponse<String> large = post(S3TestService.endpoint(), bucket, signed("uploads/large", good, "any", "ignored")
                .field("Content-Type", "text/plain").file("a", new byte[11]));
        RawS3.assertError(large, 400, "EntityTooLarge");
        HttpResponse<String> small = post(S3TestService.endpoint(), bucket, signed("uploads/small", good, "any", "ignored")
                .field("Content-Type", "text/plain").file("a", new byte[1]));
        RawS3.assertError(small, 400, "EntityTooSmall");
        assertThat(RawS3.element(small.body(), "MinSizeAllowed")).isEqualTo("2");
        for (String k : List.of("uploads/large", "uploads/small", "other/a", "uploads/b")) {
            assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(k))).isInstanceOf(NoSuchKeyException.class);
        }

        String expired = policy(Instant.now().minusSeconds(60), base);
        HttpResponse<String> late = post(S3TestService.endpoint(), bucket, signed("uploads/late", expired, "any", "ignored")
                .file("a", new byte[3]));
        RawS3.assertError(late, 403, "AccessDenied");
        assertThat(RawS3.element(late.body(), "Message")).isEqualTo("Invalid according to Policy: Policy expired.");

        HttpResponse<String> garbage = post(S3TestService.endpoint(), bucket, signed("uploads/g",
                Base64.getEncoder().encodeToString("{not json".getBytes(StandardCharsets.UTF_8)), "any", "ignored")
                .file("a", new byte[3]));
        RawS3.assertError(garbage, 400, "InvalidPolicyDocument");
    }

    @Test
    void malformedRequests() throws Exception {
        String bucket = bucket();
        HttpResponse<String> noKey = post(S3TestService.endpoint(), bucket, new Form().file("f", new byte[1]));
        RawS3.assertError(noKey, 400, "InvalidArgument");
        assertThat(text(noKey.body(), "Message"))
                .isEqualTo("Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.");
        HttpResponse<String> keyAfterFile = post(S3TestService.endpoint(), bucket, new Form().file("f", new byte[1]).field("key", "k"));
        RawS3.assertError(keyAfterFile, 400, "InvalidArgument");
        HttpResponse<String> noFile = post(S3TestService.endpoint(), bucket, new Form().field("key", "k"));
        RawS3.assertError(noFile, 400, "InvalidArgument");
        assertThat(RawS3.element(noFile.body(), "Message")).isEqualTo("POST requires exactly one file upload per request.");
        HttpResponse<String> noPolicy = post(S3TestService.endpoint(), bucket, new Form().field("key", "k")
                .field("x-amz-signature", "abc").field("x-amz-credential", "AKID/20250101/us-east-1/s3/aws4_request")
                .file("f", new byte[1]));
        RawS3.assertError(noPolicy, 400, "InvalidArgument");
        assertThat(RawS3.element(noPolicy.body(), "ArgumentName")).isEqualTo("policy");
        HttpResponse<String> ragged = RawS3.send("POST", "/" + bucket, "--xyz\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk",
                "Content-Type", "multipart/form-data; boundary=xyz");
        RawS3.assertError(ragged, 400, "MalformedPOSTRequest");
        HttpResponse<String> noBucket = post(S3TestService.endpoint(), "no-such-bucket-" + System.nanoTime(),
                new Form().field("key", "k").file("f", new byte[1]));
        RawS3.assertError(noBucket, 404, "NoSuchBucket");
    }

    @Test
    void signatureIsVerifiedInVerifyMode() throws Exception {
        verifying = S3Application.builder().properties(Map.of(
                "spring.datasource.url", TestDatabase.jdbcUrl("s3"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "server.port", 0,
                "spring.main.banner-mode", "off",
                "overcast.sigv4.mode", "verify",
                "overcast.sigv4.keys", AKID + ":" + SECRET)).run();
        URI endpoint = URI.create("http://localhost:" + verifying.getEnvironment().getRequiredProperty("local.server.port"));
        S3Client client = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String bucket = S3TestService.bucketName();
        client.createBucket(b -> b.bucket(bucket));
        String policy = policy(Instant.now().plusSeconds(600), signingConditions(bucket));

        HttpResponse<String> ok = post(endpoint, bucket, signed("uploads/signed", policy, AKID, SECRET).file("f", new byte[] {42}));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
        assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("uploads/signed")).asByteArray()).containsExactly(42);

        HttpResponse<String> wrong = post(endpoint, bucket, signed("uploads/forged", policy, AKID, "not-the-secret")
                .file("f", new byte[] {42}));
        RawS3.assertError(wrong, 403, "SignatureDoesNotMatch");
        HttpResponse<String> unknown = post(endpoint, bucket, signed("uploads/forged", policy, "AKIAUNKNOWN", SECRET)
                .file("f", new byte[] {42}));
        RawS3.assertError(unknown, 403, "InvalidAccessKeyId");
        HttpResponse<String> anonymous = post(endpoint, bucket, new Form().field("key", "uploads/anon").file("f", new byte[] {42}));
        RawS3.assertError(anonymous, 403, "AccessDenied");
        assertThatThrownBy(() -> client.headObject(b -> b.bucket(bucket).key("uploads/forged"))).isInstanceOf(NoSuchKeyException.class);
    }

    /** An element's text with XML's character entities resolved. */
    private static String text(String xml, String name) {
        return RawS3.element(xml, name).replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void customerKeyFieldsEncryptTheObjectAsPutObjectDoes() throws Exception {
        String bucket = bucket();
        byte[] key = new byte[32];
        new Random(11).nextBytes(key);
        String keyBase64 = Base64.getEncoder().encodeToString(key);
        String keyMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
        byte[] data = "a secret from a form".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(S3TestService.endpoint(), bucket, new Form().field("key", "sealed")
                .field("x-amz-server-side-encryption-customer-algorithm", "AES256")
                .field("x-amz-server-side-encryption-customer-key", keyBase64)
                .field("x-amz-server-side-encryption-customer-key-MD5", keyMd5)
                .file("f", data));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.headers().firstValue("x-amz-server-side-encryption-customer-algorithm")).hasValue("AES256");
        assertThat(r.headers().firstValue("x-amz-server-side-encryption-customer-key-MD5")).hasValue(keyMd5);
        assertThat(r.headers().firstValue("x-amz-server-side-encryption")).isEmpty();

        // what PostgreSQL holds is ciphertext; a read takes the key, as for an object PutObject stored with it
        byte[] stored = S3TestService.jdbc().queryForObject(
                "select inline_data from s3.object where bucket = ? and key = 'sealed'", byte[].class, bucket);
        assertThat(stored).hasSize(data.length).isNotEqualTo(data);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("sealed")))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("sealed").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(keyBase64).sseCustomerKeyMD5(keyMd5)).asByteArray()).isEqualTo(data);

        // the same validation as the headers of PutObject
        HttpResponse<String> wrongMd5 = post(S3TestService.endpoint(), bucket, new Form().field("key", "bad")
                .field("x-amz-server-side-encryption-customer-algorithm", "AES256")
                .field("x-amz-server-side-encryption-customer-key", keyBase64)
                .field("x-amz-server-side-encryption-customer-key-MD5", Base64.getEncoder().encodeToString(new byte[16]))
                .file("f", data));
        RawS3.assertError(wrongMd5, 400, "InvalidArgument");
        assertThat(RawS3.element(wrongMd5.body(), "Message"))
                .isEqualTo("The calculated MD5 hash of the key did not match the hash that was provided.");
        HttpResponse<String> noMd5 = post(S3TestService.endpoint(), bucket, new Form().field("key", "bad")
                .field("x-amz-server-side-encryption-customer-algorithm", "AES256")
                .field("x-amz-server-side-encryption-customer-key", keyBase64).file("f", data));
        RawS3.assertError(noMd5, 400, "InvalidArgument");
        HttpResponse<String> algorithm = post(S3TestService.endpoint(), bucket, new Form().field("key", "bad")
                .field("x-amz-server-side-encryption-customer-algorithm", "AES128")
                .field("x-amz-server-side-encryption-customer-key", keyBase64)
                .field("x-amz-server-side-encryption-customer-key-MD5", keyMd5).file("f", data));
        RawS3.assertError(algorithm, 400, "InvalidEncryptionAlgorithmError");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("bad"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aSuspendedBucketNamesTheNullVersion() throws Exception {
        String bucket = bucket();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Suspended")));
        HttpResponse<String> r = post(S3TestService.endpoint(), bucket, new Form().field("key", "k").file("f", new byte[] {1}));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.headers().firstValue("x-amz-version-id")).hasValue("null");
    }

    @Test
    void objectLockFieldsAreRefusedUntilObjectLockIsImplemented() throws Exception {
        String bucket = bucket();
        HttpResponse<String> r = post(S3TestService.endpoint(), bucket, new Form().field("key", "k")
                .field("x-amz-object-lock-legal-hold", "ON").file("f", new byte[] {1}));
        RawS3.assertError(r, 501, "NotImplemented");
        assertThat(RawS3.element(r.body(), "Header")).isEqualTo("x-amz-object-lock-legal-hold");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("k"))).isInstanceOf(NoSuchKeyException.class);
    }
}
