package dev.overcast.s3.checksum;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.element;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** FULL_OBJECT checksums of multipart uploads: the parts' CRCs combined into the CRC of all the bytes. */
class FullObjectChecksumTest {

    private final S3Client s3 = S3TestService.client();

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String crc64(byte[] data) throws Exception {
        Crc64Nvme crc = new Crc64Nvme(new ByteArrayInputStream(data));
        crc.transferTo(OutputStream.nullOutputStream());
        return crc.base64();
    }

    @Test
    void crc32FullObjectThroughTheSdk() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] p1 = random(5 * 1024 * 1024 + 3, 1);
        byte[] p2 = random(12_345, 2);
        byte[] all = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, all, 0, p1.length);
        System.arraycopy(p2, 0, all, p1.length, p2.length);
        String expected = ChecksumTest.checksum("CRC32", all);
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("full").checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        UploadPartResponse r1 = s3.uploadPart(b -> b.bucket(bucket).key("full").uploadId(id).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(p1));
        UploadPartResponse r2 = s3.uploadPart(b -> b.bucket(bucket).key("full").uploadId(id).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(p2));
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("full").uploadId(id)
                .checksumCRC32(expected).checksumType(ChecksumType.FULL_OBJECT)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32(r2.checksumCRC32()).build())));
        assertThat(done.checksumCRC32()).isEqualTo(expected);
        assertThat(done.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("full").checksumMode(ChecksumMode.ENABLED)).checksumCRC32())
                .isEqualTo(expected);
        // the SDK validates the full-object CRC32 of the whole download
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("full").checksumMode(ChecksumMode.ENABLED)).asByteArray())
                .isEqualTo(all);
    }

    @Test
    void crc64nvmeIsFullObjectByDefaultAndAWrongValueIsRefused() throws Exception {
        String bucket = S3TestService.bucketName();
        assertThat(send("PUT", "/" + bucket, (String) null).statusCode()).isEqualTo(200);
        HttpResponse<String> created = send("POST", "/" + bucket + "/nv?uploads", (String) null,
                "x-amz-checksum-algorithm", "CRC64NVME");
        assertThat(created.headers().firstValue("x-amz-checksum-type")).contains("FULL_OBJECT");
        assertThat(created.headers().firstValue("x-amz-checksum-algorithm")).contains("CRC64NVME");
        String id = element(created.body(), "UploadId");
        byte[] p1 = random(5 * 1024 * 1024, 3);
        byte[] p2 = random(777, 4);
        byte[] all = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, all, 0, p1.length);
        System.arraycopy(p2, 0, all, p1.length, p2.length);
        HttpResponse<String> mismatch = send("PUT", "/" + bucket + "/nv?partNumber=1&uploadId=" + id, p2,
                "x-amz-checksum-crc32", ChecksumTest.checksum("CRC32", p2));
        assertError(mismatch, 400, "InvalidRequest");
        assertThat(mismatch.body()).contains("Checksum Type mismatch occurred, expected checksum Type: crc64nvme, "
                + "actual checksum Type: crc32");
        String e1 = send("PUT", "/" + bucket + "/nv?partNumber=1&uploadId=" + id, p1, "x-amz-checksum-crc64nvme", crc64(p1))
                .headers().firstValue("ETag").orElseThrow();
        String e2 = send("PUT", "/" + bucket + "/nv?partNumber=2&uploadId=" + id, p2, "x-amz-checksum-crc64nvme", crc64(p2))
                .headers().firstValue("ETag").orElseThrow();
        String parts = "<Part><PartNumber>1</PartNumber><ETag>" + e1 + "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>"
                + e2 + "</ETag></Part>";
        HttpResponse<String> wrong = send("POST", "/" + bucket + "/nv?uploadId=" + id,
                "<CompleteMultipartUpload>" + parts + "</CompleteMultipartUpload>", "x-amz-checksum-crc64nvme", crc64(p1));
        assertError(wrong, 400, "BadDigest");
        HttpResponse<String> wrongPart = send("POST", "/" + bucket + "/nv?uploadId=" + id, "<CompleteMultipartUpload>"
                + "<Part><PartNumber>1</PartNumber><ETag>" + e1 + "</ETag><ChecksumCRC64NVME>" + crc64(p2)
                + "</ChecksumCRC64NVME></Part></CompleteMultipartUpload>");
        assertError(wrongPart, 400, "InvalidPart");
        HttpResponse<String> ok = send("POST", "/" + bucket + "/nv?uploadId=" + id,
                "<CompleteMultipartUpload>" + parts + "</CompleteMultipartUpload>", "x-amz-checksum-crc64nvme", crc64(all));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("<ChecksumCRC64NVME>" + crc64(all) + "</ChecksumCRC64NVME>");
        assertThat(send("HEAD", "/" + bucket + "/nv", (String) null, "x-amz-checksum-mode", "ENABLED").headers()
                .firstValue("x-amz-checksum-crc64nvme")).contains(crc64(all));
    }

    @Test
    void copiedPartsGetTheUploadsChecksum() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        byte[] data = random(300_000, 9);
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromBytes(data));
        for (ChecksumAlgorithm algorithm : new ChecksumAlgorithm[]{ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1}) {
            String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst").checksumAlgorithm(algorithm)).uploadId();
            var part = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                    .destinationKey("dst").uploadId(id).partNumber(1).copySourceRange("bytes=10-99999")).copyPartResult();
            byte[] range = java.util.Arrays.copyOfRange(data, 10, 100_000);
            String expected = ChecksumTest.checksum(algorithm.toString(), range);
            assertThat(algorithm == ChecksumAlgorithm.SHA1 ? part.checksumSHA1() : part.checksumCRC32C()).isEqualTo(expected);
            assertThat(s3.listParts(b -> b.bucket(bucket).key("dst").uploadId(id)).parts().get(0).size()).isEqualTo(range.length);
        }
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("nv").checksumAlgorithm(ChecksumAlgorithm.CRC64_NVME)).uploadId();
        var part = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("nv").uploadId(id).partNumber(1)).copyPartResult();
        assertThat(part.checksumCRC64NVME()).isEqualTo(crc64(data));
    }

    @Test
    void invalidChecksumTypes() throws Exception {
        String bucket = S3TestService.bucketName();
        assertThat(send("PUT", "/" + bucket, (String) null).statusCode()).isEqualTo(200);
        HttpResponse<String> sha = send("POST", "/" + bucket + "/k?uploads", (String) null,
                "x-amz-checksum-algorithm", "SHA256", "x-amz-checksum-type", "FULL_OBJECT");
        assertError(sha, 400, "InvalidRequest");
        assertThat(sha.body()).contains("The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.");
        assertError(send("POST", "/" + bucket + "/k?uploads", (String) null, "x-amz-checksum-algorithm", "CRC64NVME",
                "x-amz-checksum-type", "COMPOSITE"), 400, "InvalidRequest");
        assertError(send("POST", "/" + bucket + "/k?uploads", (String) null, "x-amz-checksum-type", "COMPOSITE"),
                400, "InvalidRequest");
        assertError(send("POST", "/" + bucket + "/k?uploads", (String) null, "x-amz-checksum-algorithm", "MD5"),
                400, "InvalidRequest");
    }
}
