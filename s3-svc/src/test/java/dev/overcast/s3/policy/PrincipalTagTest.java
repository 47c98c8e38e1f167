package dev.overcast.s3.policy;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code aws:PrincipalTag/<key>} in bucket policy conditions, with the tags configured for access keys
 * ({@code overcast.principal-tags}, OVERCAST_PRINCIPAL_TAGS): the test service gives two keys of account 222222222222
 * the tags team=blue, level=3 and team=red.
 */
class PrincipalTagTest {

    private static final S3Client OWNER = S3TestService.client();
    private static final S3Client BLUE = S3TestService.client(S3TestService.TAGGED_BLUE, "us-east-1");
    private static final S3Client RED = S3TestService.client(S3TestService.TAGGED_RED, "us-east-1");
    private static final S3Client UNTAGGED = S3TestService.client("222222222222", "us-east-1");

    @Test
    void allowAndDenyByTheCallersTags() {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket));
        OWNER.putObject(b -> b.bucket(bucket).key("shared/a"), RequestBody.fromString("a"));
        OWNER.putObject(b -> b.bucket(bucket).key("restricted/r"), RequestBody.fromString("r"));
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(("""
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject",
                  "Resource":"arn:aws:s3:::BUCKET/*","Condition":{"StringLike":{"aws:PrincipalTag/Team":["blue","red"]}}},
                 {"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::BUCKET/restricted/*",
                  "Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}},
                 {"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:ListBucket",
                  "Resource":"arn:aws:s3:::BUCKET","Condition":{"NumericGreaterThanEquals":{"aws:PrincipalTag/level":"3"}}}
                ]}""").replace("BUCKET", bucket)));

        assertThat(BLUE.getObjectAsBytes(b -> b.bucket(bucket).key("shared/a")).asUtf8String()).isEqualTo("a");
        assertThat(BLUE.getObjectAsBytes(b -> b.bucket(bucket).key("restricted/r")).asUtf8String()).isEqualTo("r");
        assertThat(BLUE.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(2);

        assertThat(RED.getObjectAsBytes(b -> b.bucket(bucket).key("shared/a")).asUtf8String()).isEqualTo("a");
        assertFailure(failure(() -> RED.getObject(b -> b.bucket(bucket).key("restricted/r"))), 403, "AccessDenied",
                "Access Denied");
        assertFailure(failure(() -> RED.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);

        // the same account without tags: no Allow applies
        assertFailure(failure(() -> UNTAGGED.getObject(b -> b.bucket(bucket).key("shared/a"))), 403, "AccessDenied",
                null);
        // the owner has no tags: the Deny on team=red does not catch it
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("restricted/r")).asUtf8String()).isEqualTo("r");
    }

    @Test
    void theSettingIsParsedStrictly() {
        assertThat(PrincipalTags.parse("AKID1:team=blue;level=3, AKID2:team=red")).isEqualTo(Map.of(
                "AKID1", Map.of("team", "blue", "level", "3"), "AKID2", Map.of("team", "red")));
        assertThat(PrincipalTags.parse("")).isEmpty();
        assertThatThrownBy(() -> PrincipalTags.parse("AKID1=team")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ACCESS_KEY_ID:key=value");
        assertThatThrownBy(() -> PrincipalTags.parse("AKID1:team")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrincipalTags.parse("AKID1:team=a;Team=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrincipalTags.parse("AKID1:a=b,AKID1:c=d")).isInstanceOf(IllegalArgumentException.class);
    }
}
