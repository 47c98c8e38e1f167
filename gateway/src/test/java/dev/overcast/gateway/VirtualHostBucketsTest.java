package dev.overcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VirtualHostBucketsTest {

    private final VirtualHostBuckets buckets = new VirtualHostBuckets(
            List.of("localhost", "s3.localhost", "localhost.localstack.cloud", "s3.localhost.localstack.cloud"));

    @Test
    void bucketsUnderBaseDomains() {
        assertThat(buckets.bucketOf("photos.localhost")).isEqualTo("photos");
        assertThat(buckets.bucketOf("photos.localhost:4566")).isEqualTo("photos");
        assertThat(buckets.bucketOf("photos.s3.localhost:4566")).isEqualTo("photos");
        assertThat(buckets.bucketOf("my.dotted.bucket.s3.localhost")).isEqualTo("my.dotted.bucket");
        assertThat(buckets.bucketOf("my.dotted.bucket.localhost")).isEqualTo("my.dotted.bucket");
        assertThat(buckets.bucketOf("photos.s3.us-east-1.localhost")).isEqualTo("photos");
        assertThat(buckets.bucketOf("photos.s3.localhost.localstack.cloud:4566")).isEqualTo("photos");
        // an access point ARN as SDKs address it: S3 takes <name>-<account> for the access point
        assertThat(buckets.bucketOf("reports-111122223333.s3-accesspoint.us-east-1.localhost:4566"))
                .isEqualTo("reports-111122223333");
    }

    @Test
    void endpointsAreNotBuckets() {
        assertThat(buckets.bucketOf("localhost")).isNull();
        assertThat(buckets.bucketOf("localhost:4566")).isNull();
        assertThat(buckets.bucketOf("127.0.0.1:4566")).isNull();
        assertThat(buckets.bucketOf("s3.localhost")).isNull();
        assertThat(buckets.bucketOf("s3.us-east-1.localhost")).isNull();
        assertThat(buckets.bucketOf("localhost.localstack.cloud")).isNull();
        assertThat(buckets.bucketOf("[::1]:4566")).isNull();
        assertThat(buckets.bucketOf("example.com")).isNull();
        assertThat(buckets.bucketOf(null)).isNull();
    }
}
