package dev.overcast.common.auth;

import static dev.overcast.common.auth.SdkSigning.AKID;
import static dev.overcast.common.auth.SdkSigning.SECRET;
import static dev.overcast.common.auth.SdkSigning.SIGNING_TIME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.common.protocol.TestHttpRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

class SigV4AuthenticatorTest {

    static final AwsApiDescriptor S3 = AwsApiDescriptor.s3(S3Client.class);
    static final AwsApiDescriptor DYNAMODB = AwsApiDescriptor.jsonRpc("dynamodb", "dynamodb", Protocol.AWS_JSON_1_0,
            "DynamoDB_20120810", DynamoDbClient.class, "com.amazonaws.dynamodb.v20120810#");
    static final AwsApiDescriptor LAMBDA = AwsApiDescriptor.restJson("lambda", "lambda", LambdaClient.class);

    static final SigV4Settings VERIFY = new SigV4Settings(true, Map.of(AKID, SECRET, "111122223333", "other-secret"),
            Map.of(), "000000000000", "us-east-1", Duration.ofMinutes(15));

    static SigV4Authenticator verifier() {
        return verifier(SIGNING_TIME.plusSeconds(30));
    }

    static SigV4Authenticator verifier(Instant now) {
        return new SigV4Authenticator(VERIFY, Clock.fixed(now, ZoneOffset.UTC));
    }

    static SigV4Authenticator offMode() {
        return new SigV4Authenticator(SigV4Settings.permissive(), Clock.fixed(SIGNING_TIME, ZoneOffset.UTC));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static byte[] readAll(AuthenticatedRequest auth) {
        try (InputStream in = auth.request().body()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads in small, odd-sized steps so chunk boundaries fall inside reads. */
    static byte[] readInSteps(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[7777];
        int n;
        while ((n = in.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static AwsException assertAws(String code, int status, Executable action) {
        AwsException e = assertThrows(AwsException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(status, e.status(), e.getMessage());
        return e;
    }

    /** Authenticates an S3 request (which must pass) and returns the error that reading its body in steps throws. */
    static AwsException bodyReadFails(SigV4Authenticator authenticator, TestHttpRequest request, String code,
                                      int status) {
        AuthenticatedRequest auth = authenticator.authenticate(request, S3);
        return assertAws(code, status, () -> readInSteps(auth.request().body()));
    }

    static String crc32Base64(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static TestHttpRequest tamperByte(TestHttpRequest request, byte[] wire, int index) {
        byte[] copy = wire.clone();
        copy[index] ^= 0x01;
        return request.toBuilder().body(copy).build();
    }

    // ------------------------------------------------------------------------------------------------- S3 header

    @Nested
    class S3HeaderSigning {

        @Test
        void signedPayloadPassesAndBodyIsHandedOn() {
            byte[] body = randomBytes(10_000);
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/dir/key.bin")
                    .body(body).sign();
            assertTrue(SigV4Canonical.isSha256Hex(req.header("x-amz-content-sha256")));
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            assertEquals(new Principal(AKID, "000000000000", "eu-west-1", "s3"), auth.principal());
            assertArrayEquals(body, readAll(auth));
            assertEquals(body.length, auth.request().contentLength());
            assertEquals("/bucket/dir/key.bin", auth.request().rawPath());
        }

        @Test
        void unsignedPayloadPasses() {
            byte[] body = randomBytes(5000);
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD").payloadSigning(false).body(body).sign();
            assertEquals("UNSIGNED-PAYLOAD", req.header("x-amz-content-sha256"));
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            assertArrayEquals(body, readAll(auth));
        }

        @Test
        void tamperedBodyFailsAtEndOfStream() {
            byte[] body = randomBytes(3000);
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/key").body(body).sign();
            TestHttpRequest tampered = tamperByte(req, body, 100);
            AuthenticatedRequest auth = verifier().authenticate(tampered, S3);
            AwsException e = assertAws("XAmzContentSHA256Mismatch", 400, () -> readAll(auth));
            assertEquals(req.header("x-amz-content-sha256"), e.fields().get("ClientComputedContentSHA256"));
            assertEquals(SigV4Canonical.sha256Hex(readAllQuietly(tamperByte(req, body, 100).body())),
                    e.fields().get("S3ComputedContentSHA256"));
        }

        @Test
        void tamperedBodyFailsWhenTheDeclaredLengthIsReached() {
            byte[] body = randomBytes(3000);
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/key").body(body).sign();
            AuthenticatedRequest auth = verifier().authenticate(tamperByte(req, body, 2999), S3);
            InputStream in = auth.request().body();
            assertAws("XAmzContentSHA256Mismatch", 400, () -> in.readNBytes(3000));
        }

        @Test
        void specialCharactersInKeyAndQueryAreNotDoubleEncoded() {
            TestHttpRequest req = SdkSigning.s3("GET",
                    "https://s3.eu-west-1.amazonaws.com/bucket/a%20b%2Bc/%C3%A9t%C3%A9%3D~x.txt"
                            + "?list-type=2&prefix=a%20b%2Fc&delimiter=%2F&encoding-type=url&uploads").sign();
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            assertEquals("s3", auth.principal().signingService());
        }

        @Test
        void wrongSecretIsSignatureDoesNotMatch() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .credentials(AKID, "not-the-secret").sign();
            AwsException e = assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(req, S3));
            assertEquals(AKID, e.fields().get("AWSAccessKeyId"));
            assertTrue(e.fields().get("StringToSign").startsWith("AWS4-HMAC-SHA256\n20260115T120000Z\n"
                    + "20260115/eu-west-1/s3/aws4_request\n"));
            assertTrue(e.fields().get("CanonicalRequest").startsWith("GET\n/bucket/key\n\n"));
            assertEquals(64, e.fields().get("SignatureProvided").length());
            assertTrue(e.fields().get("StringToSignBytes").startsWith("41 57 53 34 2d"), e.fields().get("StringToSignBytes"));
            assertTrue(e.fields().get("CanonicalRequestBytes").startsWith("47 45 54 0a 2f"));
            assertTrue(e.getMessage().startsWith("The request signature we calculated does not match"));
        }

        @Test
        void unknownAccessKey() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .credentials("AKIDUNKNOWN", SECRET).sign();
            AwsException e = assertAws("InvalidAccessKeyId", 403, () -> verifier().authenticate(req, S3));
            assertEquals("AKIDUNKNOWN", e.fields().get("AWSAccessKeyId"));
            assertEquals("The AWS Access Key Id you provided does not exist in our records.", e.getMessage());
        }

        @Test
        void skewedClockInThePastAndFuture() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key").sign();
            AwsException e = assertAws("RequestTimeTooSkewed", 403,
                    () -> verifier(SIGNING_TIME.plus(Duration.ofMinutes(16))).authenticate(req, S3));
            assertEquals("20260115T120000Z", e.fields().get("RequestTime"));
            assertEquals("2026-01-15T12:16:00Z", e.fields().get("ServerTime"));
            assertEquals("900000", e.fields().get("MaxAllowedSkewMilliseconds"));
            TestHttpRequest again = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key").sign();
            assertAws("RequestTimeTooSkewed", 403,
                    () -> verifier(SIGNING_TIME.minus(Duration.ofMinutes(16))).authenticate(again, S3));
        }

        @Test
        void tamperedHeaderFails() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .header("x-amz-meta-color", "blue").sign();
            TestHttpRequest tampered = req.toBuilder().setHeader("x-amz-meta-color", "red").build();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(tampered, S3));
        }

        /** An x-amz-copy-source added after signing would turn a PUT into a copy: S3 refuses unsigned x-amz-*. */
        @Test
        void unsignedAmzHeadersAreRefused() {
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .body(new byte[0]).sign();
            TestHttpRequest copy = req.toBuilder().header("x-amz-copy-source", "/other/secret").build();
            AwsException e = assertAws("AccessDenied", 403, () -> verifier().authenticate(copy, S3));
            assertEquals("There were headers present in the request which were not signed", e.getMessage());
            assertEquals("x-amz-copy-source", e.fields().get("HeadersNotSigned"));
            TestHttpRequest two = copy.toBuilder().header("X-Amz-Meta-Color", "red").build();
            assertEquals("x-amz-copy-source, x-amz-meta-color", assertAws("AccessDenied", 403,
                    () -> verifier().authenticate(two, S3)).fields().get("HeadersNotSigned"));
        }

        @Test
        void otherHeadersMayBeUnsigned() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key").sign();
            TestHttpRequest more = req.toBuilder().header("User-Agent", "curl").header("x-amzn-trace-id", "Root=1")
                    .build();
            assertEquals(AKID, verifier().authenticate(more, S3).principal().accessKeyId());
        }

        @Test
        void credentialScopedToAnotherServiceIsMalformed() {
            TestHttpRequest req = new SdkSigning().service("dynamodb").method("GET")
                    .uri("https://s3.eu-west-1.amazonaws.com/bucket/key").sign();
            AwsException e = assertAws("AuthorizationHeaderMalformed", 400, () -> verifier().authenticate(req, S3));
            assertEquals("The authorization header is malformed; incorrect service \"dynamodb\". This endpoint "
                    + "belongs to \"s3\".", e.getMessage());
        }

        @Test
        void credentialWithoutRegionIsMalformed() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key").region("")
                    .sign();
            AwsException e = assertAws("AuthorizationHeaderMalformed", 400, () -> verifier().authenticate(req, S3));
            assertEquals("The authorization header is malformed; a non-empty region must be provided in the "
                    + "credential.", e.getMessage());
            TestHttpRequest odd = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .region("EU_WEST").sign();
            AwsException wrong = assertAws("AuthorizationHeaderMalformed", 400, () -> verifier().authenticate(odd, S3));
            assertEquals("The authorization header is malformed; the region 'EU_WEST' is wrong; expecting "
                    + "'us-east-1'", wrong.getMessage());
            assertEquals("us-east-1", wrong.fields().get("Region"));
        }

        @Test
        void missingContentSha256IsRejected() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key").sign();
            TestHttpRequest without = req.toBuilder().removeHeader("x-amz-content-sha256").build();
            assertAws("InvalidRequest", 400, () -> verifier().authenticate(without, S3));
        }

        @Test
        void virtualHostRequestRewrittenByTheGateway() {
            TestHttpRequest signed = SdkSigning.s3("GET",
                    "https://bucket.s3.eu-west-1.amazonaws.com/some%20key?versionId=abc&x-id=GetObject").sign();
            TestHttpRequest rewritten = signed.toBuilder().rawPath("/bucket/some%20key")
                    .header(SigV4Authenticator.ORIGINAL_URI_HEADER, "/some%20key?versionId=abc&x-id=GetObject").build();
            AuthenticatedRequest auth = verifier().authenticate(rewritten, S3);
            assertEquals("/bucket/some%20key", auth.request().rawPath());

            TestHttpRequest withoutHeader = SdkSigning.s3("GET",
                    "https://bucket.s3.eu-west-1.amazonaws.com/some%20key?versionId=abc&x-id=GetObject").sign()
                    .toBuilder().rawPath("/bucket/some%20key").build();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(withoutHeader, S3));
        }
    }

    // ------------------------------------------------------------------------------------------------- presigned

    @Nested
    class Presigned {

        @Test
        void presignedGetPasses() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/my%20file.txt")
                    .presign(Duration.ofHours(1)).payloadSigning(false).sign();
            assertNull(req.header("Authorization"));
            assertTrue(req.rawQuery().contains("X-Amz-Signature="));
            AuthenticatedRequest auth = verifier(SIGNING_TIME.plus(Duration.ofMinutes(59))).authenticate(req, S3);
            assertEquals(new Principal(AKID, "000000000000", "eu-west-1", "s3"), auth.principal());
        }

        @Test
        void presignedPutWithBody() {
            byte[] body = randomBytes(2048);
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/k")
                    .presign(Duration.ofMinutes(5)).payloadSigning(false).body(body).sign();
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            assertArrayEquals(body, readAll(auth));
        }

        @Test
        void expired() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .presign(Duration.ofMinutes(10)).payloadSigning(false).sign();
            AwsException e = assertAws("AccessDenied", 403,
                    () -> verifier(SIGNING_TIME.plus(Duration.ofMinutes(11))).authenticate(req, S3));
            assertEquals("Request has expired", e.getMessage());
            assertEquals("600", e.fields().get("X-Amz-Expires"));
            assertEquals("2026-01-15T12:10:00Z", e.fields().get("Expires"));
            assertEquals("2026-01-15T12:11:00Z", e.fields().get("ServerTime"));
        }

        @Test
        void expiresOverAWeek() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .presign(Duration.ofMinutes(10)).payloadSigning(false).sign();
            TestHttpRequest longer = req.toBuilder().rawQuery(req.rawQuery().replace("X-Amz-Expires=600",
                    "X-Amz-Expires=604801")).build();
            assertAws("AuthorizationQueryParametersError", 400, () -> verifier().authenticate(longer, S3));
        }

        @Test
        void tamperedQueryFails() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key?versionId=1")
                    .presign(Duration.ofMinutes(10)).payloadSigning(false).sign();
            TestHttpRequest tampered = req.toBuilder().rawQuery(req.rawQuery().replace("versionId=1", "versionId=2"))
                    .build();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(tampered, S3));
        }

        /** A presigned URL covers the x-amz-* headers sent with it too. */
        @Test
        void unsignedAmzHeaderWithAPresignedUrlIsRefused() {
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/k")
                    .presign(Duration.ofMinutes(5)).payloadSigning(false).body(new byte[1]).sign();
            TestHttpRequest publicRead = req.toBuilder().header("x-amz-acl", "public-read").build();
            AwsException e = assertAws("AccessDenied", 403, () -> verifier().authenticate(publicRead, S3));
            assertEquals("x-amz-acl", e.fields().get("HeadersNotSigned"));
            TestHttpRequest signedAcl = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/k")
                    .header("x-amz-acl", "public-read").presign(Duration.ofMinutes(5)).payloadSigning(false)
                    .body(new byte[1]).sign();
            assertEquals(AKID, verifier().authenticate(signedAcl, S3).principal().accessKeyId());
        }

        @Test
        void credentialScopedToAnotherService() {
            TestHttpRequest req = new SdkSigning().service("execute-api").method("GET")
                    .uri("https://s3.eu-west-1.amazonaws.com/bucket/key").presign(Duration.ofMinutes(5)).sign();
            AwsException e = assertAws("AuthorizationQueryParametersError", 400,
                    () -> verifier().authenticate(req, S3));
            assertEquals("Error parsing the X-Amz-Credential parameter; incorrect service \"execute-api\". This "
                    + "endpoint belongs to \"s3\".", e.getMessage());
        }

        @Test
        void wrongSecret() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key")
                    .presign(Duration.ofMinutes(10)).payloadSigning(false).credentials(AKID, "wrong").sign();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(req, S3));
        }
    }

    // ------------------------------------------------------------------------------------------------- aws-chunked

    @Nested
    class Chunked {

        static final int SIZE = 3 * 1024 * 1024 + 12345;

        TestHttpRequest chunkedPut(byte[] body, boolean signedPayload, boolean trailer) {
            SdkSigning s = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/big.bin").body(body)
                    .chunked().payloadSigning(signedPayload);
            if (trailer) {
                s.checksum(DefaultChecksumAlgorithm.CRC32);
            }
            return s.sign();
        }

        /** Signs a chunked PUT of {@code body}, checks its {@code x-amz-content-sha256} and authenticates it. */
        AuthenticatedRequest authenticateChunked(byte[] body, boolean signedPayload, boolean trailer,
                                                 String contentSha256) {
            TestHttpRequest req = chunkedPut(body, signedPayload, trailer);
            assertEquals(contentSha256, req.header("x-amz-content-sha256"));
            return verifier().authenticate(req, S3);
        }

        @Test
        void signedChunksDecodeByteIdentical() throws IOException {
            byte[] body = randomBytes(SIZE);
            AuthenticatedRequest auth = authenticateChunked(body, true, false, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
            assertArrayEquals(body, readInSteps(auth.request().body()));
            assertEquals(SIZE, auth.request().contentLength());
            assertTrue(auth.trailers().isEmpty());
        }

        @Test
        void signedChunksWithSignedTrailer() throws IOException {
            byte[] body = randomBytes(SIZE);
            AuthenticatedRequest auth = authenticateChunked(body, true, true,
                    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
            assertTrue(auth.trailers().isEmpty());
            assertArrayEquals(body, readInSteps(auth.request().body()));
            assertEquals(Map.of("x-amz-checksum-crc32", crc32Base64(body)), auth.trailers());
        }

        @Test
        void unsignedChunksWithTrailer() throws IOException {
            byte[] body = randomBytes(SIZE);
            AuthenticatedRequest auth = authenticateChunked(body, false, true, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
            assertArrayEquals(body, readInSteps(auth.request().body()));
            assertEquals(crc32Base64(body), auth.trailers().get("x-amz-checksum-crc32"));
        }

        @Test
        void unsignedChunkedWithoutTrailer() throws IOException {
            byte[] body = randomBytes(200_000);
            TestHttpRequest req = chunkedPut(body, false, false);
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            assertArrayEquals(body, readInSteps(auth.request().body()));
        }

        @Test
        void contentEncodingAwsChunkedIsNotHandedOn() {
            byte[] body = randomBytes(1000);
            TestHttpRequest req = chunkedPut(body, true, false);
            assertTrue(req.header("Content-Encoding").contains("aws-chunked"));
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            assertNull(auth.request().header("Content-Encoding"));
            assertTrue(auth.request().headerNames().stream().noneMatch("content-encoding"::equalsIgnoreCase));
        }

        @Test
        void trailerChecksumCanBeComparedWithStreamingChecksum() throws IOException {
            byte[] body = randomBytes(700_000);
            for (var algorithm : java.util.List.of(DefaultChecksumAlgorithm.CRC32, DefaultChecksumAlgorithm.CRC32C,
                    DefaultChecksumAlgorithm.SHA256)) {
                TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/c").body(body)
                        .chunked().payloadSigning(true).checksum(algorithm).sign();
                AuthenticatedRequest auth = verifier().authenticate(req, S3);
                StreamingChecksum checksum = StreamingChecksum.of(auth.request().body(), algorithm.algorithmId());
                assertArrayEquals(body, readInSteps(checksum));
                String trailer = StreamingChecksum.headerName(algorithm.algorithmId());
                assertEquals(auth.trailers().get(trailer), checksum.base64(), trailer);
            }
            assertThrows(IllegalArgumentException.class, () -> StreamingChecksum.of(InputStream.nullInputStream(), "X"));
        }

        @Test
        void consumerReadingExactlyTheDecodedLengthStillGetsVerificationAndTrailers() throws IOException {
            byte[] body = randomBytes(SIZE);
            TestHttpRequest req = chunkedPut(body, true, true);
            AuthenticatedRequest auth = verifier().authenticate(req, S3);
            InputStream in = auth.request().body();
            assertArrayEquals(body, in.readNBytes((int) auth.request().contentLength()));
            assertEquals(crc32Base64(body), auth.trailers().get("x-amz-checksum-crc32"));
            assertEquals(-1, in.read());

            byte[] wire = readWire(req);
            String text = new String(wire, StandardCharsets.ISO_8859_1);
            int lastSignature = text.lastIndexOf("x-amz-trailer-signature:") + "x-amz-trailer-signature:".length();
            TestHttpRequest badTrailerSig = tamperByte(req, wire, lastSignature + 3);
            AuthenticatedRequest bad = verifier().authenticate(badTrailerSig, S3);
            InputStream badIn = bad.request().body();
            assertAws("SignatureDoesNotMatch", 403, () -> badIn.readNBytes(SIZE));
        }

        @Test
        void tamperedChunkFailsFromRead() {
            byte[] body = randomBytes(SIZE);
            TestHttpRequest req = chunkedPut(body, true, false);
            byte[] wire = readWire(req);
            AwsException e = bodyReadFails(verifier(), tamperByte(req, wire, wire.length / 2),
                    "SignatureDoesNotMatch", 403);
            assertTrue(e.fields().get("StringToSign").startsWith("AWS4-HMAC-SHA256-PAYLOAD\n20260115T120000Z\n"));
        }

        @Test
        void tamperedTrailerFailsFromRead() {
            byte[] body = randomBytes(100_000);
            TestHttpRequest req = chunkedPut(body, true, true);
            String wire = new String(readWire(req), StandardCharsets.ISO_8859_1);
            String crc = crc32Base64(body);
            String other = crc32Base64(new byte[] {1, 2, 3});
            assertTrue(wire.contains("x-amz-checksum-crc32:" + crc));
            TestHttpRequest tampered = req.toBuilder().body(wire.replace("x-amz-checksum-crc32:" + crc,
                    "x-amz-checksum-crc32:" + other).getBytes(StandardCharsets.ISO_8859_1)).build();
            bodyReadFails(verifier(), tampered, "SignatureDoesNotMatch", 403);
        }

        @Test
        void truncatedBodyIsIncomplete() {
            byte[] body = randomBytes(200_000);
            TestHttpRequest req = chunkedPut(body, true, false);
            byte[] wire = readWire(req);
            TestHttpRequest truncated = req.toBuilder().body(java.util.Arrays.copyOf(wire, wire.length - 200)).build();
            bodyReadFails(verifier(), truncated, "IncompleteBody", 400);
        }

        @Test
        void decodedLengthMismatchIsIncompleteBody() {
            byte[] body = randomBytes(50_000);
            TestHttpRequest req = chunkedPut(body, false, true);
            TestHttpRequest wrong = req.toBuilder().setHeader("x-amz-decoded-content-length", "50001").build();
            AwsException e = bodyReadFails(offMode(), wrong, "IncompleteBody", 400);
            assertEquals("The request body terminated unexpectedly", e.getMessage());
        }

        @Test
        void offModeDecodesWithoutVerifying() throws IOException {
            byte[] body = randomBytes(SIZE);
            TestHttpRequest req = SdkSigning.s3("PUT", "https://s3.eu-west-1.amazonaws.com/bucket/big.bin").body(body)
                    .chunked().payloadSigning(true).checksum(DefaultChecksumAlgorithm.CRC32)
                    .credentials("AKIDNOBODYKNOWS", "whatever").region("ap-south-2").sign();
            AuthenticatedRequest auth = offMode().authenticate(req, S3);
            assertEquals(new Principal("AKIDNOBODYKNOWS", "000000000000", "ap-south-2", "s3"), auth.principal());
            assertArrayEquals(body, readInSteps(auth.request().body()));
            assertEquals(crc32Base64(body), auth.trailers().get("x-amz-checksum-crc32"));
        }

        private byte[] readWire(TestHttpRequest req) {
            try (InputStream in = req.toBuilder().build().body()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- JSON

    @Nested
    class JsonServices {

        @Test
        void signedRequestPassesAndBodyIsHandedOn() {
            String json = "{\"Limit\":10}";
            TestHttpRequest req = SdkSigning.dynamodb(json).sign();
            AuthenticatedRequest auth = verifier().authenticate(req, DYNAMODB);
            assertEquals(new Principal(AKID, "000000000000", "eu-west-1", "dynamodb"), auth.principal());
            assertEquals(json, new String(readAll(auth), StandardCharsets.UTF_8));
        }

        /** Signed by botocore (which sends no x-amz-content-sha256 to DynamoDB): the body must be hashed. */
        @Test
        void bodyWithoutContentSha256HeaderIsHashed() {
            String json = "{\"TableName\":\"t\"}";
            TestHttpRequest.Builder botocore = TestHttpRequest.builder().method("POST").uri("/")
                    .header("Host", "dynamodb.eu-west-1.amazonaws.com")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "DynamoDB_20120810.DescribeTable")
                    .header("X-Amz-Date", "20261125T013048Z")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/eu-west-1/dynamodb/"
                            + "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                            + "Signature=1e0339a0b5b05a4bef849858ef390a59ea8a844a58190eb31ca43bf2331a517c");
            SigV4Authenticator at = verifier(Instant.parse("2026-11-25T01:31:00Z"));
            AuthenticatedRequest auth = at.authenticate(botocore.body(json.getBytes(StandardCharsets.UTF_8)).build(),
                    DYNAMODB);
            assertEquals(json, new String(readAll(auth), StandardCharsets.UTF_8));
            TestHttpRequest tampered = botocore.body("{\"TableName\":\"u\"}".getBytes(StandardCharsets.UTF_8)).build();
            assertAws("InvalidSignatureException", 400, () -> at.authenticate(tampered, DYNAMODB));
        }

        @Test
        void tamperedBodyWithSignedContentSha256IsRejectedUpFront() {
            TestHttpRequest req = SdkSigning.dynamodb("{\"Limit\":10}").sign();
            assertTrue(SigV4Canonical.isSha256Hex(req.header("x-amz-content-sha256")));
            TestHttpRequest tampered = req.toBuilder().body("{\"Limit\":11}".getBytes(StandardCharsets.UTF_8)).build();
            assertAws("InvalidSignatureException", 400, () -> verifier().authenticate(tampered, DYNAMODB));
        }

        @Test
        void wrongSecret() {
            TestHttpRequest req = SdkSigning.dynamodb("{}").credentials(AKID, "bad").sign();
            AwsException e = assertAws("InvalidSignatureException", 400, () -> verifier().authenticate(req, DYNAMODB));
            assertTrue(e.getMessage().contains("Check your AWS Secret Access Key and signing method"));
        }

        @Test
        void unknownKey() {
            TestHttpRequest req = SdkSigning.dynamodb("{}").credentials("AKIDWHO", "bad").sign();
            AwsException e = assertAws("UnrecognizedClientException", 400,
                    () -> verifier().authenticate(req, DYNAMODB));
            assertEquals("The security token included in the request is invalid.", e.getMessage());
        }

        @Test
        void skewedClock() {
            TestHttpRequest req = SdkSigning.dynamodb("{}").sign();
            AwsException past = assertAws("InvalidSignatureException", 400,
                    () -> verifier(SIGNING_TIME.plus(Duration.ofMinutes(20))).authenticate(req, DYNAMODB));
            assertEquals("Signature expired: 20260115T120000Z is now earlier than 20260115T120500Z "
                    + "(20260115T122000Z - 15 min.)", past.getMessage());
            TestHttpRequest again = SdkSigning.dynamodb("{}").sign();
            AwsException future = assertAws("InvalidSignatureException", 400,
                    () -> verifier(SIGNING_TIME.minus(Duration.ofMinutes(20))).authenticate(again, DYNAMODB));
            assertTrue(future.getMessage().contains("is still later than 20260115T115500Z"), future.getMessage());
        }

        /** An X-Amz-Target added after signing would swap the operation. */
        @Test
        void unsignedTargetIsRefused() {
            TestHttpRequest req = new SdkSigning().service("dynamodb").method("POST")
                    .uri("https://dynamodb.eu-west-1.amazonaws.com/")
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .body("{\"TableName\":\"t\"}".getBytes(StandardCharsets.UTF_8)).sign();
            TestHttpRequest swapped = req.toBuilder().header("X-Amz-Target", "DynamoDB_20120810.DeleteTable").build();
            AwsException e = assertAws("InvalidSignatureException", 400,
                    () -> verifier().authenticate(swapped, DYNAMODB));
            assertEquals("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.", e.getMessage());
        }

        @Test
        void credentialScopedToAnotherService() {
            TestHttpRequest req = SdkSigning.dynamodb("{}").service("s3").sign();
            AwsException e = assertAws("InvalidSignatureException", 400, () -> verifier().authenticate(req, DYNAMODB));
            assertEquals("Credential should be scoped to correct service: 'dynamodb'. ", e.getMessage());
            TestHttpRequest noRegion = SdkSigning.dynamodb("{}").region("").sign();
            assertEquals("Credential should be scoped to a valid region, not ''. ", assertAws(
                    "InvalidSignatureException", 400, () -> verifier().authenticate(noRegion, DYNAMODB)).getMessage());
        }

        @Test
        void restJsonPathIsDoubleEncoded() {
            String arn = "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Amy-fn";
            TestHttpRequest req = new SdkSigning().service("lambda").method("POST")
                    .uri("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/" + arn + "/invocations?Qualifier=%241")
                    .body("{}".getBytes()).sign();
            AuthenticatedRequest auth = verifier().authenticate(req, LAMBDA);
            assertEquals("lambda", auth.principal().signingService());
            // signed as S3 signs (the path encoded once) for an API named "s3" that speaks REST-JSON: refused
            TestHttpRequest s3Style = new SdkSigning().service("s3").method("POST")
                    .uri("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/" + arn + "/invocations?Qualifier=%241")
                    .body("{}".getBytes()).sign();
            assertAws("InvalidSignatureException", 400, () -> verifier().authenticate(s3Style,
                    AwsApiDescriptor.restJson("lambda", "s3", LambdaClient.class)));
        }

        @Test
        void oversizedBodyWithoutContentSha256() {
            TestHttpRequest req = SdkSigning.dynamodb("{}").sign().toBuilder().removeHeader("x-amz-content-sha256")
                    .body(() -> new InputStream() {
                        long left = SigV4Authenticator.MAX_BUFFERED_BODY + 10L;

                        @Override
                        public int read() {
                            return left-- > 0 ? 'x' : -1;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) {
                            if (left <= 0) {
                                return -1;
                            }
                            int n = (int) Math.min(len, left);
                            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                            left -= n;
                            return n;
                        }
                    }, SigV4Authenticator.MAX_BUFFERED_BODY + 10L).build();
            assertAws("RequestEntityTooLargeException", 413, () -> verifier().authenticate(req, DYNAMODB));
        }

        @Test
        void presignedDynamoDbRequest() {
            TestHttpRequest req = new SdkSigning().service("dynamodb").method("GET")
                    .uri("https://dynamodb.eu-west-1.amazonaws.com/?Action=ListTables").presign(Duration.ofMinutes(5))
                    .sign();
            AuthenticatedRequest auth = verifier().authenticate(req, DYNAMODB);
            assertEquals("dynamodb", auth.principal().signingService());
        }
    }

    @Nested
    class PresignedJson {

        @Test
        void presignedPostHashesTheBody() {
            byte[] body = "{\"Limit\":1}".getBytes(StandardCharsets.UTF_8);
            TestHttpRequest req = new SdkSigning().service("dynamodb").method("POST")
                    .uri("https://dynamodb.eu-west-1.amazonaws.com/").header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .body(body).presign(Duration.ofMinutes(5)).sign();
            AuthenticatedRequest auth = verifier().authenticate(req, DYNAMODB);
            assertArrayEquals(body, readAll(auth));
            TestHttpRequest tampered = req.toBuilder().body("{\"Limit\":2}".getBytes(StandardCharsets.UTF_8)).build();
            assertAws("InvalidSignatureException", 400, () -> verifier().authenticate(tampered, DYNAMODB));
        }
    }

    // ------------------------------------------------------------------------------------------------- SigV2

    /** S3's Signature Version 2, with requests and URLs signed by botocore 1.43 (HmacV1Auth, HmacV1QueryAuth). */
    @Nested
    class SignatureVersion2 {

        static final String EXPIRES = "1768482000"; // SIGNING_TIME + 1 h

        TestHttpRequest.Builder headerSigned() {
            return TestHttpRequest.builder().method("PUT").uri("/bucket/my%20file.txt?tagging&x-id=PutObject")
                    .header("Host", "s3.amazonaws.com")
                    .header("Content-Type", "text/plain")
                    .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
                    .header("x-amz-meta-Color", " blue ")
                    .header("x-amz-acl", "private")
                    .header("Date", "Thu, 15 Jan 2026 12:00:00 GMT")
                    .header("Authorization", "AWS AKIDEXAMPLE:8kjK51xxwHBbk58GimZGRyQCR1E=");
        }

        static TestHttpRequest presignedGet(String expires) {
            return TestHttpRequest.builder().method("GET").uri("/bucket/dir/a%20b%2Bc.txt?response-content-disposition="
                    + "attachment%3B%20filename%3D%22x%20y.txt%22&versionId=v1&AWSAccessKeyId=AKIDEXAMPLE"
                    + "&Signature=2t9uFYbPTVf8PGERm%2F8w5exzkEI%3D&Expires=" + expires)
                    .header("Host", "s3.amazonaws.com").build();
        }

        @Test
        void headerSignatureVerifies() {
            AuthenticatedRequest auth = verifier().authenticate(headerSigned().build(), S3);
            assertEquals(new Principal(AKID, "000000000000", "us-east-1", null), auth.principal());
        }

        @Test
        void tamperedHeaderRequestIsSignatureDoesNotMatch() {
            TestHttpRequest tampered = headerSigned().setHeader("x-amz-acl", "public-read").build();
            AwsException e = assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(tampered, S3));
            assertEquals("PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\ntext/plain\nThu, 15 Jan 2026 12:00:00 GMT\n"
                    + "x-amz-acl:public-read\nx-amz-meta-color:blue\n/bucket/my%20file.txt?tagging",
                    e.fields().get("StringToSign"));
            TestHttpRequest added = headerSigned().header("x-amz-copy-source", "/other/key").build();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(added, S3));
            TestHttpRequest wrongKey = headerSigned().setHeader("Authorization", "AWS AKIDEXAMPLE:"
                    + SigV2Authenticator.hmacSha1Base64("other", "x")).build();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(wrongKey, S3));
        }

        @Test
        void headerErrors() {
            TestHttpRequest noColon = headerSigned().setHeader("Authorization", "AWS AKIDEXAMPLE").build();
            AwsException e = assertAws("InvalidArgument", 400, () -> verifier().authenticate(noColon, S3));
            assertEquals("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", e.getMessage());
            TestHttpRequest unknown = headerSigned().setHeader("Authorization", "AWS AKIDWHO:abc=").build();
            assertAws("InvalidAccessKeyId", 403, () -> verifier().authenticate(unknown, S3));
            assertAws("RequestTimeTooSkewed", 403,
                    () -> verifier(SIGNING_TIME.plus(Duration.ofMinutes(16))).authenticate(headerSigned().build(), S3));
            TestHttpRequest undated = headerSigned().removeHeader("Date").build();
            assertAws("AccessDenied", 403, () -> verifier().authenticate(undated, S3));
        }

        @Test
        void presignedUrlVerifiesUntilItExpires() {
            AuthenticatedRequest auth = verifier(SIGNING_TIME.plus(Duration.ofMinutes(59)))
                    .authenticate(presignedGet(EXPIRES), S3);
            assertEquals(new Principal(AKID, "000000000000", "us-east-1", null), auth.principal());
            AwsException e = assertAws("AccessDenied", 403,
                    () -> verifier(SIGNING_TIME.plus(Duration.ofMinutes(61))).authenticate(presignedGet(EXPIRES), S3));
            assertEquals("Request has expired", e.getMessage());
            assertEquals("2026-01-15T13:00:00Z", e.fields().get("Expires"));
            assertEquals("2026-01-15T13:01:00Z", e.fields().get("ServerTime"));
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(presignedGet("1768482001"), S3));
        }

        @Test
        void presignedHeadersHoistedIntoTheQueryAreSigned() {
            TestHttpRequest put = TestHttpRequest.builder().method("PUT").uri("/bucket/k?AWSAccessKeyId=AKIDEXAMPLE"
                    + "&Signature=ZNeFpYvF54fPzDPoLtiElXPfK3s%3D&x-amz-acl=public-read&content-type=text%2Fplain"
                    + "&Expires=" + EXPIRES).header("Host", "s3.amazonaws.com").body(new byte[3]).build();
            assertEquals(AKID, verifier().authenticate(put, S3).principal().accessKeyId());
            TestHttpRequest other = put.toBuilder().rawQuery(put.rawQuery().replace("public-read", "private")).build();
            assertAws("SignatureDoesNotMatch", 403, () -> verifier().authenticate(other, S3));
        }

        @Test
        void incompleteOrDoubleQueryAuthentication() {
            TestHttpRequest noExpires = TestHttpRequest.builder().uri("/bucket/k?AWSAccessKeyId=AKIDEXAMPLE"
                    + "&Signature=abc").build();
            AwsException e = assertAws("AccessDenied", 403, () -> verifier().authenticate(noExpires, S3));
            assertEquals("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters",
                    e.getMessage());
            TestHttpRequest both = presignedGet(EXPIRES).toBuilder()
                    .header("Authorization", "AWS AKIDEXAMPLE:abc=").build();
            assertAws("InvalidArgument", 400, () -> verifier().authenticate(both, S3));
        }

        /** The resource: a bucket signs as /bucket/ (as botocore signs CreateBucket), sub-resources sorted, decoded. */
        @Test
        void resource() {
            assertEquals("/", SigV2Authenticator.resource(TestHttpRequest.builder().uri("/").build()));
            assertEquals("/bucket/", SigV2Authenticator.resource(TestHttpRequest.builder().uri("/bucket").build()));
            assertEquals("/bucket/", SigV2Authenticator.resource(TestHttpRequest.builder().uri("/bucket/").build()));
            assertEquals("/bucket/?acl", SigV2Authenticator.resource(TestHttpRequest.builder()
                    .uri("/bucket?acl&x-id=GetBucketAcl").build()));
            assertEquals("/b/k%20y?response-content-type=text/plain&versionId=a+b", SigV2Authenticator.resource(
                    TestHttpRequest.builder().uri("/b/k%20y?versionId=a+b&response-content-type=text%2Fplain&prefix=p")
                            .build()));
        }

        /** Off mode: the key still names the caller, so the account is the key's, not anonymous. */
        @Test
        void offModeTakesTheAccountFromTheKey() {
            SigV4Authenticator off = new SigV4Authenticator(SigV4Settings.parse("off", "", "AKIDEXAMPLE=123456789012",
                    "", "eu-central-1"), Clock.fixed(SIGNING_TIME.plus(Duration.ofDays(30)), ZoneOffset.UTC));
            assertEquals(new Principal(AKID, "123456789012", "eu-central-1", null),
                    off.authenticate(presignedGet(EXPIRES), S3).principal());
            assertEquals(new Principal(AKID, "123456789012", "eu-central-1", null),
                    off.authenticate(headerSigned().build(), S3).principal());
            assertEquals("123456789012", off.authenticate(headerSigned().build(), DYNAMODB).principal().accountId());
        }
    }

    // ------------------------------------------------------------------------------------------------- modes

    @Nested
    class ModesAndAccounts {

        @Test
        void anonymousInOffMode() {
            TestHttpRequest req = TestHttpRequest.builder().uri("/bucket/key").build();
            AuthenticatedRequest auth = new SigV4Authenticator(
                    SigV4Settings.parse("off", "", "", "123456789012", "eu-central-1"), Clock.systemUTC())
                    .authenticate(req, S3);
            assertEquals(new Principal(null, "123456789012", "eu-central-1", null), auth.principal());
        }

        @Test
        void anonymousInVerifyMode() {
            TestHttpRequest req = TestHttpRequest.builder().uri("/bucket/key").build();
            // S3 takes unsigned requests as the anonymous principal (its policies and ACLs decide); others refuse them
            assertEquals(null, verifier().authenticate(req, S3).principal().accessKeyId());
            AwsException json = assertAws("MissingAuthenticationTokenException", 400,
                    () -> verifier().authenticate(req, DYNAMODB));
            assertEquals("Request is missing Authentication Token", json.getMessage());
        }

        @Test
        void offModeParsesButDoesNotVerify() {
            TestHttpRequest req = SdkSigning.dynamodb("{}").credentials("AKIDX", "anything").region("sa-east-1").sign();
            AuthenticatedRequest auth = offMode().authenticate(req, DYNAMODB);
            assertEquals(new Principal("AKIDX", "000000000000", "sa-east-1", "dynamodb"), auth.principal());
            TestHttpRequest old = SdkSigning.s3("GET", "https://s3.amazonaws.com/b/k").at(Instant.parse("2001-01-01T00:00:00Z"))
                    .sign();
            assertEquals("eu-west-1", offMode().authenticate(old, S3).principal().region());
        }

        @Test
        void malformedAuthorizationHeaderInOffMode() {
            TestHttpRequest req = TestHttpRequest.builder().uri("/bucket/key")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/s3/aws4_request")
                    .build();
            assertAws("AuthorizationHeaderMalformed", 400, () -> offMode().authenticate(req, S3));
            assertAws("IncompleteSignatureException", 400, () -> offMode().authenticate(req, DYNAMODB));
            TestHttpRequest badScope = TestHttpRequest.builder().uri("/bucket/key")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1, "
                            + "SignedHeaders=host, Signature=abc").build();
            assertAws("AuthorizationHeaderMalformed", 400, () -> offMode().authenticate(badScope, S3));
        }

        @Test
        void accountMapping() {
            SigV4Settings settings = SigV4Settings.parse("VERIFY", "123456789012:s1, AKIDMAPPED:s2,AKIDPLAIN:s3",
                    "AKIDMAPPED=210987654321", "999999999999", "");
            SigV4Authenticator auth = new SigV4Authenticator(settings, Clock.fixed(SIGNING_TIME, ZoneOffset.UTC));
            assertEquals("123456789012", auth.authenticate(
                    SdkSigning.dynamodb("{}").credentials("123456789012", "s1").sign(), DYNAMODB).principal().accountId());
            assertEquals("210987654321", auth.authenticate(
                    SdkSigning.dynamodb("{}").credentials("AKIDMAPPED", "s2").sign(), DYNAMODB).principal().accountId());
            assertEquals("999999999999", auth.authenticate(
                    SdkSigning.dynamodb("{}").credentials("AKIDPLAIN", "s3").sign(), DYNAMODB).principal().accountId());
            SigV4Settings override = SigV4Settings.parse("off", "", "123456789012=210987654321", "", "");
            assertEquals("210987654321", override.accountFor("123456789012"));
        }

        @Test
        void requestWrapperDelegates() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/bucket/key?acl").sign();
            AwsHttpRequest wrapped = verifier().authenticate(req, S3).request();
            assertEquals("GET", wrapped.method());
            assertEquals("acl", wrapped.rawQuery());
            assertEquals(req.header("Authorization"), wrapped.header("authorization"));
            assertEquals(0, readAllQuietly(wrapped.body()).length);
        }

        @Test
        void otherKnownKeyVerifies() {
            TestHttpRequest req = SdkSigning.s3("GET", "https://s3.eu-west-1.amazonaws.com/b/k")
                    .credentials("111122223333", "other-secret").sign();
            assertEquals("111122223333", verifier().authenticate(req, S3).principal().accountId());
        }
    }

    static byte[] readAllQuietly(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused")
    private static InputStream bytes(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
