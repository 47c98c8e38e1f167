package dev.overcast.s3.policy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.common.policy.PolicyRules;

/**
 * Bucket and access point policies as S3 checks them (common's evaluator, {@link PolicyDocument}): actions {@code s3:},
 * every statement names its Resource, {@code MalformedPolicy} with S3's reasons.
 */
public final class S3Policies {

    static final PolicyRules RULES = new PolicyRules("s3", true, reason -> new AwsException("MalformedPolicy", 400, reason));

    private S3Policies() {
    }

    /** The bucket policy of this text, compiled once (the text was checked when it was stored). */
    public static PolicyDocument of(String text, String bucket) {
        return attachedTo(text, bucketArn(bucket));
    }

    /** The policy of this text attached to the resource (a bucket's or an access point's ARN), compiled once. */
    public static PolicyDocument attachedTo(String text, String resourceArn) {
        return PolicyDocument.compiled(text, RULES, resourceArn);
    }

    /** Parses and checks a policy for the resource ({@code MalformedPolicy} when it is not one S3 takes). */
    public static PolicyDocument checked(String text, String resourceArn) {
        return PolicyDocument.checked(text, RULES, resourceArn);
    }

    static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }
}
