package dev.overcast.s3.policy;

import java.util.Map;

/** The IAM action an S3 operation is authorized as ({@code s3:GetObject} for HeadObject …). */
final class S3Actions {

    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("HeadObject", "GetObject"),
            Map.entry("GetObjectAttributes", "GetObject"),
            Map.entry("CopyObject", "PutObject"),
            Map.entry("CreateMultipartUpload", "PutObject"),
            Map.entry("UploadPart", "PutObject"),
            Map.entry("UploadPartCopy", "PutObject"),
            Map.entry("CompleteMultipartUpload", "PutObject"),
            Map.entry("ListParts", "ListMultipartUploadParts"),
            Map.entry("ListMultipartUploads", "ListBucketMultipartUploads"),
            Map.entry("DeleteObjects", "DeleteObject"),
            Map.entry("ListObjects", "ListBucket"),
            Map.entry("ListObjectsV2", "ListBucket"),
            Map.entry("HeadBucket", "ListBucket"),
            Map.entry("ListObjectVersions", "ListBucketVersions"),
            Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
            Map.entry("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
            Map.entry("DeleteBucketLifecycle", "PutLifecycleConfiguration"),
            Map.entry("GetBucketCors", "GetBucketCORS"),
            Map.entry("PutBucketCors", "PutBucketCORS"),
            Map.entry("DeleteBucketCors", "PutBucketCORS"),
            Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
            Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("DeleteBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("GetObjectLockConfiguration", "GetBucketObjectLockConfiguration"),
            Map.entry("PutObjectLockConfiguration", "PutBucketObjectLockConfiguration"),
            Map.entry("DeleteBucketTagging", "PutBucketTagging"),
            Map.entry("GetBucketNotificationConfiguration", "GetBucketNotification"),
            Map.entry("PutBucketNotificationConfiguration", "PutBucketNotification"),
            Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
            Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("DeletePublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("DeleteBucketOwnershipControls", "PutBucketOwnershipControls"));

    /**
     * What S3's own replication writing to a bucket is authorized as there (the destination's policy grants these to
     * another account, as AWS documents it): the copy as {@code s3:ReplicateObject} (with {@code s3:ReplicateTags}
     * for its tags, checked by the put), a delete marker as {@code s3:ReplicateDelete}, tag changes as
     * {@code s3:ReplicateTags}, ACL and Object Lock changes as {@code s3:ReplicateObject}.
     */
    private static final Map<String, String> REPLICATION = Map.of(
            "PutObject", "s3:ReplicateObject",
            "DeleteObject", "s3:ReplicateDelete",
            "PutObjectTagging", "s3:ReplicateTags",
            "DeleteObjectTagging", "s3:ReplicateTags",
            "PutObjectAcl", "s3:ReplicateObject",
            "PutObjectRetention", "s3:ReplicateObject",
            "PutObjectLegalHold", "s3:ReplicateObject");

    private S3Actions() {
    }

    /** The replication action S3's replication making the operation is authorized as, or null. */
    static String ofReplication(String operation) {
        return REPLICATION.get(operation);
    }

    /** The action of the operation; a version id makes object reads and deletes their version actions. */
    static String of(String operation, boolean versioned) {
        String action = RENAMED.getOrDefault(operation, operation);
        if (versioned && (action.equals("GetObject") || action.equals("DeleteObject") || action.equals("GetObjectTagging")
                || action.equals("PutObjectTagging") || action.equals("DeleteObjectTagging"))) {
            action = action.replace("Object", "ObjectVersion");
        }
        return "s3:" + action;
    }
}
