package dev.overcast.firehose;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What a test reads back from the suite's S3: the objects of a bucket, waited for, and their bytes. */
public final class S3Reads {

    private S3Reads() {
    }

    public static String bucketName(String arn) {
        return arn.substring("arn:aws:s3:::".length());
    }

    public static List<S3Object> objects(String bucketArn) {
        return FirehoseTestService.s3().listObjectsV2(b -> b.bucket(bucketName(bucketArn))).contents();
    }

    /** Waits until the bucket holds at least {@code n} objects (delivery is asynchronous); its objects in key order. */
    public static List<S3Object> awaitObjects(String bucketArn, int n) {
        Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> objects(bucketArn).size() >= n);
        return objects(bucketArn);
    }

    public static byte[] bytes(String bucketArn, String key) {
        return FirehoseTestService.s3().getObjectAsBytes(b -> b.bucket(bucketName(bucketArn)).key(key)).asByteArray();
    }

    public static String text(String bucketArn, String key) {
        return new String(bytes(bucketArn, key), StandardCharsets.UTF_8);
    }

    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
