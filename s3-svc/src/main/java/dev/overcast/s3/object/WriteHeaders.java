package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The headers of an object write (PutObject, CopyObject, CreateMultipartUpload) that S3 refuses before anything is
 * written when their value is none it knows.
 */
public final class WriteHeaders {

    private WriteHeaders() {
    }

    /**
     * @param acl              {@code x-amz-acl}, or null
     * @param storageClass     {@code x-amz-storage-class}, or null
     * @param redirectLocation {@code x-amz-website-redirect-location}, or null
     * @param lockMode         {@code x-amz-object-lock-mode}, or null
     */
    public static void validate(String acl, String storageClass, String redirectLocation, String lockMode) {
        if (acl != null && ObjectCannedACL.fromValue(acl) == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidArgument("", "x-amz-acl", acl); // S3 says no more than the header and its value
        }
        if (storageClass != null && StorageClass.fromValue(storageClass) == StorageClass.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidStorageClass(storageClass);
        }
        if (redirectLocation != null && !redirectLocation.startsWith("http://")
                && !redirectLocation.startsWith("https://") && !redirectLocation.startsWith("/")) {
            throw S3Errors.invalidRedirectLocation();
        }
        if (lockMode != null && ObjectLockMode.fromValue(lockMode) == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidArgument("Unknown wormMode directive.", "x-amz-object-lock-mode", lockMode);
        }
    }
}
