package dev.overcast.common.auth;

import static dev.overcast.common.auth.SigV4AuthenticatorTest.S3;
import static dev.overcast.common.auth.SigV4AuthenticatorTest.assertAws;
import static dev.overcast.common.auth.SigV4AuthenticatorTest.readInSteps;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overcast.common.protocol.ProtocolDialect;
import dev.overcast.common.protocol.TestHttpRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsChunkedInputStreamTest {

    private static InputStream decoder(String wire, long expected, Map<String, String> trailers) {
        return AwsChunkedInputStream.unverified(
                new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), expected, trailers, ProtocolDialect.S3.errors());
    }

    @Test
    void unsignedFramingWithTrailers() throws IOException {
        Map<String, String> trailers = new LinkedHashMap<>();
        InputStream in = decoder("5\r\nhello\r\n6\r\n world\r\n0\r\nX-Amz-Checksum-Crc32:AAAAAA==\r\n"
                + "x-amz-checksum-sha256 : abc \r\n\r\n", 11, trailers);
        assertEquals("hello world", new String(readInSteps(in), StandardCharsets.ISO_8859_1));
        assertEquals(Map.of("x-amz-checksum-crc32", "AAAAAA==", "x-amz-checksum-sha256", "abc"), trailers);
        assertEquals(-1, in.read());
    }

    @Test
    void singleByteReadsAndBareLineFeedsAndMissingFinalCrlf() throws IOException {
        InputStream in = decoder("3;chunk-signature=x\nabc\n0\n", -1, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
        }
        assertEquals("abc", out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void malformedFraming() {
        assertAws("InvalidRequest", 400, () -> readInSteps(decoder("zz\r\nabc\r\n0\r\n\r\n", -1, null)));
        assertAws("InvalidRequest", 400, () -> readInSteps(decoder("2\r\nabc\r\n0\r\n\r\n", -1, null)));
        assertAws("IncompleteBody", 400, () -> readInSteps(decoder("5\r\nab", -1, null)));
        assertAws("IncompleteBody", 400, () -> readInSteps(decoder("3\r\nabc\r\n", -1, null)));
        assertAws("IncompleteBody", 400, () -> readInSteps(decoder("3\r\nabc\r\n0\r\n\r\n", 4, null)));
        assertAws("IncompleteBody", 400, () -> readInSteps(decoder("3\r\nabc\r\n0\r\n\r\n", 2, null)));
        assertAws("InvalidRequest", 400, () -> readInSteps(decoder("3\r\nabc\r\n0\r\nno-colon\r\n\r\n", -1, null)));
        assertAws("SerializationException", 400, () -> readInSteps(AwsChunkedInputStream.unverified(
                new ByteArrayInputStream("-1\r\n".getBytes()), -1, null, ProtocolDialect.JSON.errors())));
    }

    /** The example of the S3 documentation ("Signature Calculations for the Authorization Header: Transferring
     * Payload in Multiple Chunks"): 66560 bytes of 'a' in a 64 KiB and a 1 KiB chunk. */
    @Test
    void awsDocumentationExample() throws IOException {
        byte[] payload = new byte[66560];
        Arrays.fill(payload, (byte) 'a');
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        wire.write(payload, 0, 65536);
        wire.writeBytes(("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        wire.write(payload, 0, 1024);
        wire.writeBytes(("\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        TestHttpRequest req = TestHttpRequest.builder().method("PUT").uri("/examplebucket/chunkObject.txt")
                .header("Host", "s3.amazonaws.com")
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                        + "aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;"
                        + "x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,"
                        + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
                .header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", "66560")
                .header("Content-Length", "66824")
                .body(wire.toByteArray()).build();
        SigV4Settings settings = new SigV4Settings(true,
                Map.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), Map.of(), null, null,
                Duration.ofMinutes(15));
        SigV4Authenticator auth = new SigV4Authenticator(settings,
                Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC));
        assertArrayEquals(payload, readInSteps(auth.authenticate(req, S3).request().body()));
        assertEquals(66824, wire.size());
    }

    @Test
    void largeChunkIsStreamedThrough() throws IOException {
        byte[] data = new byte[5 * 1024 * 1024 + 3];
        new java.util.Random(7).nextBytes(data);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(data);
        wire.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = AwsChunkedInputStream.unverified(new ByteArrayInputStream(wire.toByteArray()), data.length,
                null, ProtocolDialect.S3.errors());
        assertArrayEquals(data, readInSteps(in));
    }
}
