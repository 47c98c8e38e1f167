package dev.overcast.s3.object;

import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.lock.ObjectLock;
import java.util.Map;

/**
 * What a write stores besides the bytes: the key, content headers, storage class, user metadata, tags and the
 * server-side encryption it is written with, its Object Lock retention and legal hold, and its replication status
 * (REPLICA for a replica, else null: decided by the put from the bucket's replication rules).
 */
public record ObjectWrite(String bucket, String key, ContentHeaders content, String storageClass,
                          Map<String, String> userMetadata, Map<String, String> tags, Encryption encryption,
                          ObjectLock lock, String replicationStatus) {

    /** A write without Object Lock settings. */
    public ObjectWrite(String bucket, String key, ContentHeaders content, String storageClass,
                       Map<String, String> userMetadata, Map<String, String> tags, Encryption encryption) {
        this(bucket, key, content, storageClass, userMetadata, tags, encryption, ObjectLock.NONE, null);
    }

    public ObjectWrite(String bucket, String key, ContentHeaders content, String storageClass,
                       Map<String, String> userMetadata, Map<String, String> tags, Encryption encryption,
                       ObjectLock lock) {
        this(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, null);
    }

    public ObjectWrite withLock(ObjectLock newLock) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, encryption, newLock,
                replicationStatus);
    }

    /** The write as a replica (its status REPLICA) or as one the bucket's rules decide on (null). */
    public ObjectWrite withReplicationStatus(String status) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, status);
    }

    /** The same attributes under another bucket and key. */
    public ObjectWrite at(String toBucket, String toKey) {
        return new ObjectWrite(toBucket, toKey, content, storageClass, userMetadata, tags, encryption, lock, replicationStatus);
    }

    public ObjectWrite withTags(Map<String, String> newTags) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, newTags, encryption, lock, replicationStatus);
    }

    public ObjectWrite withStorageClass(String newStorageClass) {
        return new ObjectWrite(bucket, key, content, newStorageClass, userMetadata, tags, encryption, lock, replicationStatus);
    }

    public ObjectWrite withEncryption(Encryption newEncryption) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, newEncryption, lock, replicationStatus);
    }
}
