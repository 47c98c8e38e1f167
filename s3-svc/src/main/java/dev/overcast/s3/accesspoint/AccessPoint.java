package dev.overcast.s3.accesspoint;

import java.time.Instant;

/**
 * An access point: its account, region and name, the bucket it leads to (and that bucket's owner), its alias (usable
 * as a bucket name), its VPC (null: Internet origin), its PublicAccessBlock settings (the shape as JSON) and its policy
 * (the document as sent; null: none).
 */
public record AccessPoint(String accountId, String region, String name, String bucket, String bucketAccountId,
                          String alias, String vpcId, String publicAccessBlock, String policy, Instant createdAt) {

    /** {@code arn:aws:s3:<region>:<account>:accesspoint/<name>}. */
    public String arn() {
        return arn(region, accountId, name);
    }

    public static String arn(String region, String accountId, String name) {
        return "arn:aws:s3:" + region + ":" + accountId + ":accesspoint/" + name;
    }

    /** {@code Internet} or {@code VPC}. */
    public String networkOrigin() {
        return vpcId == null ? "Internet" : "VPC";
    }
}
