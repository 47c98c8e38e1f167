package dev.overcast.s3.policy;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Bucket policies through the SDK: stored as sent, refused when malformed, and evaluated on every request — another
 * account of the suite reads what a policy grants it, an explicit Deny wins for everyone, conditions apply;
 * PublicAccessBlock blocks and restricts public policies.
 */
class BucketPolicyTest {

    private static final S3Client OWNER = S3TestService.client();
    private static final S3Client OTHER = S3TestService.client("111111111111", "us-east-1");

    private static String bucket() {
        String bucket = S3TestService.bucketName();
        OWNER.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static String policy(String bucket, String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements.replace("BUCKET", bucket) + "]}";
    }

    @Test
    void policyIsStoredAsSentAndMalformedOnesAreRefused() {
        String bucket = bucket();
        assertFailure(failure(() -> OWNER.getBucketPolicy(b -> b.bucket(bucket))), 404, "NoSuchBucketPolicy",
                "The bucket policy does not exist");
        String text = policy(bucket, """
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::BUCKET/*"}""");
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(text));
        assertThat(OWNER.getBucketPolicy(b -> b.bucket(bucket)).policy()).isEqualTo(text);
        assertThat(OWNER.getBucketPolicyStatus(b -> b.bucket(bucket)).policyStatus().isPublic()).isFalse();

        assertFailure(failure(() -> OWNER.putBucketPolicy(b -> b.bucket(bucket).policy("not json"))), 400,
                "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'");
        assertFailure(failure(() -> OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other-bucket/*"}""")))),
                400, "MalformedPolicy", "Policy has invalid resource");
        assertFailure(failure(() -> OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:s3:::BUCKET/*"}""")))),
                400, "MalformedPolicy", "Policy has invalid action");
        assertFailure(failure(() -> OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Allow","Principal":{"AWS":"nobody"},"Action":"s3:*","Resource":"arn:aws:s3:::BUCKET"}""")))),
                400, "MalformedPolicy", "Invalid principal in policy");
        assertFailure(failure(() -> OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::BUCKET"}""")))),
                400, "MalformedPolicy", "Missing required field Principal");
        assertThat(OWNER.getBucketPolicy(b -> b.bucket(bucket)).policy()).isEqualTo(text); // unchanged
        OWNER.deleteBucketPolicy(b -> b.bucket(bucket));
        assertFailure(failure(() -> OWNER.getBucketPolicy(b -> b.bucket(bucket))), 404, "NoSuchBucketPolicy", null);
    }

    @Test
    void anotherAccountReadsWhatThePolicyGrantsAndAnExplicitDenyWinsForEveryone() {
        String bucket = bucket();
        OWNER.putObject(b -> b.bucket(bucket).key("public/a"), RequestBody.fromString("a"));
        OWNER.putObject(b -> b.bucket(bucket).key("secret/s"), RequestBody.fromString("s"));
        assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("public/a"))), 403, "AccessDenied",
                "Access Denied");
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Sid":"read","Effect":"Allow","Principal":{"AWS":["111111111111"]},
                 "Action":["s3:Get*","s3:ListBucket"],"Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"]},
                {"Sid":"secret","Effect":"Deny","Principal":"*","Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::BUCKET/secret/*"}""")));
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("public/a")).asUtf8String()).isEqualTo("a");
        assertThat(OTHER.headObject(b -> b.bucket(bucket).key("public/a")).contentLength()).isEqualTo(1);
        assertThat(OTHER.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(2);
        assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("secret/s"))), 403, "AccessDenied", null);
        assertFailure(failure(() -> OWNER.getObject(b -> b.bucket(bucket).key("secret/s"))), 403, "AccessDenied", null);
        assertFailure(failure(() -> OTHER.putObject(b -> b.bucket(bucket).key("public/b"), RequestBody.fromString("b"))),
                403, "AccessDenied", null);
        assertFailure(failure(() -> OTHER.deleteBucketPolicy(b -> b.bucket(bucket))), 403, "AccessDenied", null);
        assertThat(OWNER.getObjectAsBytes(b -> b.bucket(bucket).key("public/a")).asUtf8String()).isEqualTo("a");
    }

    @Test
    void conditionsOnHeadersAndPrefixesApply() {
        String bucket = bucket();
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::BUCKET/*",
                 "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"AES256"}}},
                {"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:ListBucket",
                 "Resource":"arn:aws:s3:::BUCKET","Condition":{"StringLike":{"s3:prefix":"home/*"}}}""")));
        assertFailure(failure(() -> OWNER.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"))), 403,
                "AccessDenied", null);
        OWNER.putObject(b -> b.bucket(bucket).key("home/k").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("x"));
        assertThat(OTHER.listObjectsV2(b -> b.bucket(bucket).prefix("home/")).contents()).hasSize(1);
        assertFailure(failure(() -> OTHER.listObjectsV2(b -> b.bucket(bucket))), 403, "AccessDenied", null);
    }

    @Test
    void timeConditionsSeeTheSuitesClock() {
        String bucket = bucket();
        OWNER.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        String until = java.time.Instant.now().plus(java.time.Duration.ofDays(10)).toString();
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(policy(bucket, """
                {"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::BUCKET/*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},
                 "DateLessThan":{"aws:CurrentTime":"UNTIL"}}}""".replace("UNTIL", until))));
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("x");
        dev.overcast.s3.MovedClock clock = new dev.overcast.s3.MovedClock();
        try {
            clock.advance(java.time.Duration.ofDays(11)); // the grant has run out on the suite's clock
            assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        } finally {
            clock.restore();
        }
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void publicAccessBlockBlocksAndRestrictsPublicPolicies() {
        String bucket = bucket();
        OWNER.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        String open = policy(bucket, """
                {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::BUCKET/*"}""");
        assertFailure(failure(() -> OWNER.getPublicAccessBlock(b -> b.bucket(bucket))), 404,
                "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
        OWNER.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicPolicy(true)));
        assertThat(OWNER.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration().blockPublicPolicy())
                .isTrue();
        assertFailure(failure(() -> OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(open))), 403, "AccessDenied", null);

        OWNER.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicPolicy(false)));
        OWNER.putBucketPolicy(b -> b.bucket(bucket).policy(open));
        assertThat(OWNER.getBucketPolicyStatus(b -> b.bucket(bucket)).policyStatus().isPublic()).isTrue();
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("x");
        OWNER.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.restrictPublicBuckets(true)));
        assertFailure(failure(() -> OTHER.getObject(b -> b.bucket(bucket).key("k"))), 403, "AccessDenied", null);
        OWNER.deletePublicAccessBlock(b -> b.bucket(bucket));
        assertThat(OTHER.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("x");
    }
}
