package dev.overcast.s3.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.RawS3;
import dev.overcast.s3.S3TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ListBucketsTest {

    /** A fresh account, so the listing holds only this test's buckets. */
    private final String account = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    private final S3Client east = S3TestService.client(account, "us-east-1");
    private final S3Client west = S3TestService.client(account, "eu-west-1");

    private List<String> create(String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = prefix + "-" + i;
            east.createBucket(b -> b.bucket(name));
            names.add(name);
        }
        for (int i = 0; i < 2; i++) {
            String name = prefix + "-w" + i;
            west.createBucket(b -> b.bucket(name)
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            names.add(name);
        }
        return names;
    }

    @Test
    void pagesByPrefixAndRegion() {
        String prefix = "lb-" + account;
        List<String> names = create(prefix);
        east.createBucket(b -> b.bucket("other-" + account));

        ListBucketsResponse all = east.listBuckets();
        assertThat(all.buckets()).extracting(Bucket::name).containsExactlyElementsOf(
                concat(names, "other-" + account).stream().sorted().toList());
        assertThat(all.buckets()).filteredOn(b -> b.name().contains("-w")).extracting(Bucket::bucketRegion)
                .containsOnly("eu-west-1");
        assertThat(all.continuationToken()).isNull();

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListBucketsResponse page = east.listBuckets(b -> b.prefix(prefix).maxBuckets(3).continuationToken(t));
            assertThat(page.prefix()).isEqualTo(prefix);
            assertThat(page.buckets().size()).isLessThanOrEqualTo(3);
            page.buckets().forEach(b -> paged.add(b.name()));
            token = page.continuationToken();
            pages++;
        } while (token != null);
        assertThat(paged).containsExactlyElementsOf(names.stream().sorted().toList());
        assertThat(pages).isEqualTo(3);

        ListBucketsResponse western = east.listBuckets(b -> b.bucketRegion("eu-west-1").maxBuckets(1));
        assertThat(western.buckets()).extracting(Bucket::name).containsExactly(prefix + "-w0");
        assertThat(western.continuationToken()).isNotNull();
        String next = western.continuationToken();
        ListBucketsResponse western2 = east.listBuckets(b -> b.bucketRegion("eu-west-1").maxBuckets(1).continuationToken(next));
        assertThat(western2.buckets()).extracting(Bucket::name).containsExactly(prefix + "-w1");
        assertThat(western2.continuationToken()).isNull();
    }

    @Test
    void badArguments() throws Exception {
        for (int max : new int[] {0, 10_001}) {
            assertThatThrownBy(() -> east.listBuckets(b -> b.maxBuckets(max)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                    });
        }
        RawS3.assertError(RawS3.send("GET", "/?continuation-token=%25%25", (byte[]) null), 400, "InvalidArgument");
    }

    private static List<String> concat(List<String> names, String more) {
        List<String> all = new ArrayList<>(names);
        all.add(more);
        return all;
    }
}
