package dev.overcast.s3.object;

import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.lock.ObjectLock;
import java.util.Map;

/**
 * What a write stores besides the bytes: the key, content headers, storage class, user metadata, tags and the
 * server-side encryption it is written with, its Object Lock retention and legal hold, its replication status
 * (REPLICA for a replica, else null: decided by the put from the bucket's replication rules), its owner and ACL, and
 * for a replica what it keeps of its source version ({@code origin}: its version id and creation time; null otherwise,
 * and in rows read back).
 */
public record ObjectWrite(String bucket, String key, ContentHeaders content, String storageClass,
                          Map<String, String> userMetadata, Map<String, String> tags, Encryption encryption,
                          ObjectLock lock, String replicationStatus, ObjectAcl acl, ReplicaOrigin origin) {

    /** A write that is not a replica's, or a row read back. */
    public ObjectWrite(String bucket, String key, ContentHeaders content, String storageClass,
                       Map<String, String> userMetadata, Map<String, String> tags, Encryption encryption,
                       ObjectLock lock, String replicationStatus, ObjectAcl acl) {
        this(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, replicationStatus, acl, null);
    }

    /** A write owned by the bucket's owner, private. */
    public ObjectWrite(String bucket, String key, ContentHeaders content, String storageClass,
                       Map<String, String> userMetadata, Map<String, String> tags, Encryption encryption,
                       ObjectLock lock, String replicationStatus) {
        this(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, replicationStatus,
                ObjectAcl.PRIVATE);
    }

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
                replicationStatus, acl, origin);
    }

    /** The write as one the bucket's rules decide on (null), or with the status given; no replica's origin. */
    public ObjectWrite withReplicationStatus(String status) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, status, acl);
    }

    /** The write as a replica (its status REPLICA) of the source version {@code newOrigin} names. */
    public ObjectWrite asReplica(ReplicaOrigin newOrigin) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, "REPLICA", acl,
                newOrigin);
    }

    /** The same attributes under another bucket and key. */
    public ObjectWrite at(String toBucket, String toKey) {
        return new ObjectWrite(toBucket, toKey, content, storageClass, userMetadata, tags, encryption, lock, replicationStatus,
                acl, origin);
    }

    public ObjectWrite withTags(Map<String, String> newTags) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, newTags, encryption, lock, replicationStatus, acl,
                origin);
    }

    public ObjectWrite withStorageClass(String newStorageClass) {
        return new ObjectWrite(bucket, key, content, newStorageClass, userMetadata, tags, encryption, lock, replicationStatus,
                acl, origin);
    }

    public ObjectWrite withEncryption(Encryption newEncryption) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, newEncryption, lock, replicationStatus,
                acl, origin);
    }

    /** The write owned and granted as given. */
    public ObjectWrite withAcl(ObjectAcl newAcl) {
        return new ObjectWrite(bucket, key, content, storageClass, userMetadata, tags, encryption, lock, replicationStatus,
                newAcl, origin);
    }
}
