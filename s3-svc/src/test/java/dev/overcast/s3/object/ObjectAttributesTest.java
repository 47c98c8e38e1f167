package dev.overcast.s3.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

class ObjectAttributesTest {

    private final S3Client s3 = S3TestService.client();

    private String bucket() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Test
    void singlePartObject() {
        String bucket = bucket();
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k").checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .storageClass(StorageClass.STANDARD_IA), RequestBody.fromString("hello attributes"));
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("k"));
        GetObjectAttributesResponse attrs = s3.getObjectAttributes(b -> b.bucket(bucket).key("k")
                .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_PARTS,
                        ObjectAttributes.STORAGE_CLASS, ObjectAttributes.OBJECT_SIZE));
        assertThat(attrs.eTag()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(attrs.checksum().checksumSHA256()).isEqualTo(put.checksumSHA256());
        assertThat(attrs.checksum().checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
        assertThat(attrs.objectParts()).isNull();
        assertThat(attrs.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
        assertThat(attrs.objectSize()).isEqualTo(16L);
        assertThat(attrs.lastModified()).isEqualTo(head.lastModified());

        GetObjectAttributesResponse some = s3.getObjectAttributes(b -> b.bucket(bucket).key("k")
                .objectAttributes(ObjectAttributes.OBJECT_SIZE));
        assertThat(some.eTag()).isNull();
        assertThat(some.checksum()).isNull();
        assertThat(some.storageClass()).isNull();
        assertThat(some.objectSize()).isEqualTo(16L);
    }

    @Test
    void multipartObjectPagesItsPartsWithTheirChecksums() {
        String bucket = bucket();
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").checksumAlgorithm(ChecksumAlgorithm.CRC32))
                .uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        List<UploadPartResponse> uploaded = new ArrayList<>();
        long total = 0;
        for (int n = 1; n <= 3; n++) {
            byte[] bytes = random(n == 3 ? 1000 : 5 * 1024 * 1024, n);
            total += bytes.length;
            int number = n;
            UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(number)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(bytes));
            uploaded.add(r);
            parts.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).checksumCRC32(r.checksumCRC32()).build());
        }
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(parts)));

        GetObjectAttributesResponse first = s3.getObjectAttributes(b -> b.bucket(bucket).key("mp").maxParts(2)
                .objectAttributes(ObjectAttributes.E_TAG, ObjectAttributes.CHECKSUM, ObjectAttributes.OBJECT_PARTS,
                        ObjectAttributes.OBJECT_SIZE));
        assertThat(first.eTag()).isEqualTo(done.eTag().replace("\"", "")).endsWith("-3");
        assertThat(first.checksum().checksumType()).isEqualTo(ChecksumType.COMPOSITE);
        assertThat(done.checksumCRC32()).startsWith(first.checksum().checksumCRC32());
        assertThat(first.objectSize()).isEqualTo(total);
        assertThat(first.objectParts().totalPartsCount()).isEqualTo(3);
        assertThat(first.objectParts().maxParts()).isEqualTo(2);
        assertThat(first.objectParts().isTruncated()).isTrue();
        assertThat(first.objectParts().nextPartNumberMarker()).isEqualTo(2);
        assertThat(first.objectParts().parts()).extracting(ObjectPart::partNumber, ObjectPart::size, ObjectPart::checksumCRC32)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5L * 1024 * 1024, uploaded.get(0).checksumCRC32()),
                        org.assertj.core.groups.Tuple.tuple(2, 5L * 1024 * 1024, uploaded.get(1).checksumCRC32()));

        GetObjectAttributesResponse rest = s3.getObjectAttributes(b -> b.bucket(bucket).key("mp").partNumberMarker(2)
                .objectAttributes(ObjectAttributes.OBJECT_PARTS));
        assertThat(rest.objectParts().isTruncated()).isFalse();
        assertThat(rest.objectParts().partNumberMarker()).isEqualTo(2);
        assertThat(rest.objectParts().parts()).extracting(ObjectPart::partNumber, ObjectPart::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 1000L));
    }

    @Test
    void multipartObjectWithoutChecksumsCountsItsParts() {
        String bucket = bucket();
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1),
                RequestBody.fromBytes(random(100, 1)));
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r.eTag()).build())));
        GetObjectAttributesResponse attrs = s3.getObjectAttributes(b -> b.bucket(bucket).key("mp")
                .objectAttributes(ObjectAttributes.OBJECT_PARTS, ObjectAttributes.CHECKSUM));
        assertThat(attrs.checksum()).isNull();
        assertThat(attrs.objectParts().totalPartsCount()).isEqualTo(1);
        assertThat(attrs.objectParts().parts()).isEmpty();
    }

    @Test
    void errors() throws Exception {
        String bucket = bucket();
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.getObjectAttributes(b -> b.bucket(bucket).key("missing")
                .objectAttributes(ObjectAttributes.E_TAG))).isInstanceOf(NoSuchKeyException.class);
        HttpResponse<String> bad = RawS3.send("GET", "/" + bucket + "/k?attributes", (byte[]) null,
                "x-amz-object-attributes", "ETag,Colour");
        RawS3.assertError(bad, 400, "InvalidArgument");
        assertThat(RawS3.element(bad.body(), "Message")).isEqualTo("Invalid attribute name specified.");
        HttpResponse<String> none = RawS3.send("GET", "/" + bucket + "/k?attributes", (byte[]) null);
        RawS3.assertError(none, 400, "InvalidRequest");
        assertThatThrownBy(() -> s3.getObjectAttributes(b -> b.bucket(bucket).key("k").maxParts(-1)
                .objectAttributes(ObjectAttributes.OBJECT_PARTS)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
        HttpResponse<String> ok = RawS3.send("GET", "/" + bucket + "/k?attributes", (byte[]) null,
                "x-amz-object-attributes", "ETag, ObjectSize");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Last-Modified")).isPresent();
        assertThat(ok.body()).contains("<GetObjectAttributesResponse", "<ObjectSize>1</ObjectSize>", "<ETag>");
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void everyMultipartObjectHasObjectPartsAndItsCompositeChecksumItsPartCountOnGetAndHead() {
        String bucket = bucket();
        for (String kind : new String[] {"none", "full", "composite"}) {
            String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(kind)
                    .checksumAlgorithm(kind.equals("none") ? null : ChecksumAlgorithm.CRC32)
                    .checksumType(kind.equals("full") ? ChecksumType.FULL_OBJECT : null)).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (int n = 1; n <= 2; n++) {
                int number = n;
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(kind).uploadId(id).partNumber(number)
                                .checksumAlgorithm(kind.equals("none") ? null : ChecksumAlgorithm.CRC32),
                        RequestBody.fromBytes(random(number == 1 ? 5 * 1024 * 1024 : 10, number)));
                parts.add(CompletedPart.builder().partNumber(n).eTag(r.eTag())
                        .checksumCRC32(kind.equals("none") ? null : r.checksumCRC32()).build());
            }
            var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(kind).uploadId(id).multipartUpload(m -> m.parts(parts)));
            GetObjectAttributesResponse attrs = s3.getObjectAttributes(b -> b.bucket(bucket).key(kind)
                    .objectAttributes(ObjectAttributes.OBJECT_PARTS, ObjectAttributes.CHECKSUM));
            assertThat(attrs.objectParts()).as(kind).isNotNull();
            assertThat(attrs.objectParts().totalPartsCount()).as(kind).isEqualTo(2);
            if (kind.equals("composite")) {
                // S3 suffixes a composite checksum with its part count on Complete, GET and HEAD, not in GetObjectAttributes
                assertThat(done.checksumCRC32()).endsWith("-2");
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(kind)
                        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED)).response().checksumCRC32())
                        .isEqualTo(done.checksumCRC32());
                assertThat(s3.headObject(b -> b.bucket(bucket).key(kind)
                        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED)).checksumCRC32())
                        .isEqualTo(done.checksumCRC32());
                assertThat(attrs.checksum().checksumCRC32() + "-2").isEqualTo(done.checksumCRC32());
            }
            if (kind.equals("full")) {
                assertThat(done.checksumCRC32()).doesNotContain("-");
                assertThat(attrs.checksum().checksumCRC32()).isEqualTo(done.checksumCRC32());
            }
        }
    }
}
