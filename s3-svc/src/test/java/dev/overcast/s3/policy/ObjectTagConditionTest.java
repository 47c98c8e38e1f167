package dev.overcast.s3.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** ABAC on objects: a bucket policy granting another account the objects tagged for it ({@code s3:ExistingObjectTag}). */
class ObjectTagConditionTest {

    @Test
    void existingObjectTagDecidesAccess() {
        S3Client owner = S3TestService.client();
        S3Client other = S3TestService.client("111122223333", "us-east-1");
        String bucket = S3TestService.bucketName();
        owner.createBucket(b -> b.bucket(bucket));
        owner.putObject(p -> p.bucket(bucket).key("shared.txt").tagging("share=partner"), RequestBody.fromString("yes"));
        owner.putObject(p -> p.bucket(bucket).key("private.txt").tagging("share=none"), RequestBody.fromString("no"));
        owner.putObject(p -> p.bucket(bucket).key("untagged.txt"), RequestBody.fromString("no"));
        owner.putBucketPolicy(p -> p.bucket(bucket).policy("""
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::%s/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/share":"partner"}}}]}"""
                .formatted(bucket)));
        assertThat(other.getObjectAsBytes(g -> g.bucket(bucket).key("shared.txt")).asUtf8String()).isEqualTo("yes");
        for (String key : new String[]{"private.txt", "untagged.txt", "missing.txt"}) {
            assertThatThrownBy(() -> other.getObjectAsBytes(g -> g.bucket(bucket).key(key)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        // retagging the object changes who may read it
        owner.putObjectTagging(p -> p.bucket(bucket).key("private.txt")
                .tagging(t -> t.tagSet(s -> s.key("share").value("partner"))));
        assertThat(other.getObjectAsBytes(g -> g.bucket(bucket).key("private.txt")).asUtf8String()).isEqualTo("no");
    }
}
