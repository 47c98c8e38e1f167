package dev.overcast.s3.bucket;

/**
 * The multipart uploads in progress in a bucket, as DeleteBucket sees them: they do not keep a bucket alive, so
 * deleting an empty bucket aborts them. Implemented by the multipart store, which sits above the bucket.
 */
public interface BucketUploads {

    /** Aborts every upload of the bucket (the bucket is going away). */
    void abortAll(String bucket);
}
