package dev.overcast.s3.multipart;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.element;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multipart upload errors as S3 answers them: code, status, message; a failed complete changes nothing. */
class MultipartErrorsTest {

    private String bucket;
    private String uploadId;

    @BeforeEach
    void createUpload() throws Exception {
        bucket = S3TestService.bucketName();
        assertThat(send("PUT", "/" + bucket, (String) null).statusCode()).isEqualTo(200);
        HttpResponse<String> created = send("POST", "/" + bucket + "/obj?uploads", (String) null);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("<InitiateMultipartUploadResult");
        uploadId = element(created.body(), "UploadId");
        assertThat(uploadId).isNotBlank();
    }

    private String part(int number, byte[] data) throws Exception {
        HttpResponse<String> r = send("PUT", "/" + bucket + "/obj?partNumber=" + number + "&uploadId=" + uploadId, data);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("ETag").orElseThrow();
    }

    private HttpResponse<String> complete(String parts) throws Exception {
        return send("POST", "/" + bucket + "/obj?uploadId=" + uploadId,
                "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + parts + "</CompleteMultipartUpload>");
    }

    private static String p(int number, String etag) {
        return "<Part><PartNumber>" + number + "</PartNumber><ETag>" + etag + "</ETag></Part>";
    }

    @Test
    void unknownUploadIsNoSuchUpload() throws Exception {
        HttpResponse<String> r = send("PUT", "/" + bucket + "/obj?partNumber=1&uploadId=nope", "x");
        assertError(r, 404, "NoSuchUpload");
        assertThat(r.body()).contains("<Message>The specified upload does not exist. The upload ID may be invalid, "
                + "or the upload may have been aborted or completed.</Message>").contains("<UploadId>nope</UploadId>");
        assertError(send("DELETE", "/" + bucket + "/obj?uploadId=nope", (String) null), 404, "NoSuchUpload");
        assertError(send("GET", "/" + bucket + "/obj?uploadId=nope", (String) null), 404, "NoSuchUpload");
        // the id of an upload to another key is no upload of this key
        assertError(send("PUT", "/" + bucket + "/other?partNumber=1&uploadId=" + uploadId, "x"), 404, "NoSuchUpload");
        assertError(send("POST", "/" + bucket + "/obj?uploadId=nope", "<CompleteMultipartUpload>" + p(1, "\"x\"")
                + "</CompleteMultipartUpload>"), 404, "NoSuchUpload");
    }

    @Test
    void partNumberOutOfRange() throws Exception {
        for (String n : new String[]{"0", "10001"}) {
            HttpResponse<String> r = send("PUT", "/" + bucket + "/obj?partNumber=" + n + "&uploadId=" + uploadId, "x");
            assertError(r, 400, "InvalidArgument");
            assertThat(r.body()).contains("Part number must be an integer between 1 and 10000, inclusive")
                    .contains("<ArgumentName>partNumber</ArgumentName>").contains("<ArgumentValue>" + n + "</ArgumentValue>");
        }
    }

    @Test
    void completeChecksThePartList() throws Exception {
        String e1 = part(1, new byte[5 * 1024 * 1024]);
        String e2 = part(2, "tail".getBytes());
        HttpResponse<String> missing = complete(p(1, e1) + p(3, e2));
        assertError(missing, 400, "InvalidPart");
        assertThat(missing.body()).contains("<Message>One or more of the specified parts could not be found.  The part "
                + "may not have been uploaded, or the specified entity tag may not match the part&apos;s entity tag.</Message>");
        assertError(complete(p(1, e1) + p(2, "\"0123456789abcdef0123456789abcdef\"")), 400, "InvalidPart");
        HttpResponse<String> order = complete(p(2, e2) + p(1, e1));
        assertError(order, 400, "InvalidPartOrder");
        assertThat(order.body()).contains("<Message>The list of parts was not in ascending order. The parts list must be "
                + "specified in order by part number.</Message>");
        assertError(complete(p(1, e1) + p(1, e1)), 400, "InvalidPartOrder");
        assertError(complete(""), 400, "MalformedXML");
        assertError(complete("<Part><PartNumber>1</Part>"), 400, "MalformedXML");
        // nothing was completed: the upload and its parts are still there, the key is free
        assertThat(send("HEAD", "/" + bucket + "/obj", (String) null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/" + bucket + "/obj?uploadId=" + uploadId, (String) null).body())
                .contains("<PartNumber>1</PartNumber>").contains("<PartNumber>2</PartNumber>");
        // the ETags may come unquoted
        HttpResponse<String> ok = complete(p(1, e1.replace("\"", "")) + p(2, e2.replace("\"", "")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("<CompleteMultipartUploadResult").contains("-2&quot;</ETag>");
        // completed: a retry answers as the first complete did, until the key holds another object (or none)
        HttpResponse<String> retried = complete(p(1, e1.replace("\"", "")) + p(2, e2.replace("\"", "")));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(RawS3.element(retried.body(), "ETag")).isEqualTo(RawS3.element(ok.body(), "ETag"));
        assertThat(send("DELETE", "/" + bucket + "/obj", (String) null).statusCode()).isEqualTo(204);
        assertError(complete(p(1, e1)), 404, "NoSuchUpload");
    }

    @Test
    void aSmallPartBeforeTheLastIsEntityTooSmall() throws Exception {
        String e1 = part(1, new byte[5 * 1024 * 1024 - 1]);
        String e2 = part(2, "tail".getBytes());
        HttpResponse<String> r = complete(p(1, e1) + p(2, e2));
        assertError(r, 400, "EntityTooSmall");
        assertThat(r.body()).contains("<Message>Your proposed upload is smaller than the minimum allowed object size.</Message>")
                .contains("<ProposedSize>5242879</ProposedSize>").contains("<MinSizeAllowed>5242880</MinSizeAllowed>");
        // a single small part is fine: it is the last
        assertThat(complete(p(2, e2)).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/" + bucket + "/obj", (String) null).body()).isEqualTo("tail");
    }

    @Test
    void wrongPartChecksumIsBadDigestAndStoresNothing() throws Exception {
        HttpResponse<String> r = send("PUT", "/" + bucket + "/obj?partNumber=1&uploadId=" + uploadId, "data",
                "x-amz-checksum-crc32", "AAAAAA==");
        assertError(r, 400, "BadDigest");
        assertThat(r.body()).contains("<Message>The CRC32 you specified did not match the calculated checksum.</Message>");
        assertError(send("PUT", "/" + bucket + "/obj?partNumber=1&uploadId=" + uploadId, "data",
                "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="), 400, "BadDigest");
        assertThat(send("GET", "/" + bucket + "/obj?uploadId=" + uploadId, (String) null).body()).doesNotContain("<Part>");
        HttpResponse<String> good = send("PUT", "/" + bucket + "/obj?partNumber=1&uploadId=" + uploadId, "data",
                "x-amz-checksum-crc32", "rfPzYw==");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(good.headers().firstValue("x-amz-checksum-crc32")).contains("rfPzYw==");
    }

    @Test
    void uploadPartCopyErrors() throws Exception {
        assertThat(send("PUT", "/" + bucket + "/src", "0123456789").statusCode()).isEqualTo(200);
        String path = "/" + bucket + "/obj?partNumber=1&uploadId=" + uploadId;
        HttpResponse<String> range = send("PUT", path, (String) null, "x-amz-copy-source", bucket + "/src",
                "x-amz-copy-source-range", "bytes=5-10");
        assertError(range, 400, "InvalidArgument");
        assertThat(range.body()).contains("Range specified is not valid for source object of size: 10");
        assertError(send("PUT", path, (String) null, "x-amz-copy-source", bucket + "/src",
                "x-amz-copy-source-range", "bytes=5-"), 400, "InvalidArgument");
        assertError(send("PUT", path, (String) null, "x-amz-copy-source", bucket + "/nothing"), 404, "NoSuchKey");
        assertError(send("PUT", path, (String) null, "x-amz-copy-source", "no-such-bucket-x1/src"), 404, "NoSuchBucket");
        assertError(send("PUT", path, (String) null, "x-amz-copy-source", bucket), 400, "InvalidArgument");
        HttpResponse<String> cond = send("PUT", path, (String) null, "x-amz-copy-source", "/" + bucket + "/src",
                "x-amz-copy-source-if-none-match", "*");
        assertError(cond, 412, "PreconditionFailed");
        HttpResponse<String> ok = send("PUT", path, (String) null, "x-amz-copy-source", "/" + bucket + "/src",
                "x-amz-copy-source-range", "bytes=2-4");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("<CopyPartResult").contains("<ETag>");
    }
}
