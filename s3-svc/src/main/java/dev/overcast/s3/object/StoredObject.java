package dev.overcast.s3.object;

import dev.overcast.s3.archive.Restore;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.encryption.Encryption;
import java.time.Instant;
import java.util.Map;

/**
 * One version of an object: its metadata row (the bytes are read separately, as a stream): what it was written with
 * ({@link ObjectWrite}), its bytes' size, ETag and layout ({@link Bytes}), its flexible checksum (null when the object
 * was uploaded without one) and its place among the key's versions ({@link Version}). {@code inlineData}: the bytes of
 * an object small enough to live in its row, when the row was read for its bytes (a GET), else null. {@code restore}:
 * the restore of an archived version (null: none requested).
 */
public record StoredObject(long id, ObjectWrite attributes, Bytes bytes, ObjectChecksum checksum, Version version,
                           Instant lastModified, byte[] inlineData, Restore restore) {

    /** A version never restored from an archive. */
    public StoredObject(long id, ObjectWrite attributes, Bytes bytes, ObjectChecksum checksum, Version version,
                        Instant lastModified, byte[] inlineData) {
        this(id, attributes, bytes, checksum, version, lastModified, inlineData, null);
    }

    /** Whether the version may be read now: not archived, or restored and its copy not yet expired. */
    public boolean readable(Instant now) {
        return !Restore.archived(storageClass()) || (restore != null && restore.available(now));
    }

    /**
     * The bytes: how many, their ETag, and where they are: {@code chunkCount} chunks of {@code chunkSize} in the
     * object's own blob (none: inline in the row), or, when {@code partCount} is not null, the parts of a completed
     * multipart upload. {@code sseIv} is the initial counter block of a single-part SSE-C object's bytes (a multipart
     * object's parts carry their own). A delete marker has no bytes and no ETag.
     */
    public record Bytes(long size, String etag, int chunkSize, int chunkCount, Integer partCount, byte[] sseIv) {

        static final Bytes NONE = new Bytes(0, null, 0, 0, null, null);
    }

    /**
     * The version's place: {@code id} is {@code "null"} for the version written while the bucket's versioning was off
     * or suspended; {@code latest} marks the key's current version; {@code sequence} orders the versions of the key
     * (drawn under its lock, so in commit order; 0 when the row was not read for it).
     */
    public record Version(String id, boolean latest, boolean deleteMarker, long sequence) {

        /** A version the store has yet to name, current. */
        static final Version NEW = new Version(null, true, false, 0);
    }

    public static StoredObject of(long id, ObjectWrite write, Bytes bytes, ObjectChecksum checksum, Instant lastModified) {
        return new StoredObject(id, write, bytes, checksum, Version.NEW, lastModified, null);
    }

    /** A delete marker for the key, its version id still to be given by the store. */
    public static StoredObject deleteMarker(long id, String bucket, String key, Instant lastModified) {
        return deleteMarker(id, bucket, key, lastModified, (ReplicaOrigin) null);
    }

    /**
     * A delete marker; one written by replication ({@code replicaOf} not null) is a REPLICA with its source marker's
     * version id and time, else the bucket's rules decide on its replication.
     */
    public static StoredObject deleteMarker(long id, String bucket, String key, Instant lastModified,
                                            ReplicaOrigin replicaOf) {
        ObjectWrite write = new ObjectWrite(bucket, key, ContentHeaders.NONE, "STANDARD", Map.of(), Map.of(), null);
        return new StoredObject(id, replicaOf == null ? write : write.asReplica(replicaOf), Bytes.NONE, null,
                new Version(null, true, true, 0), replicaOf == null ? lastModified : replicaOf.lastModified(), null);
    }

    /** This object as the given version of its key, current. */
    public StoredObject asVersion(long newId, String newVersionId, long sequence) {
        return new StoredObject(newId, attributes, bytes, checksum,
                new Version(newVersionId, true, version.deleteMarker(), sequence), lastModified, null);
    }

    public String bucket() {
        return attributes.bucket();
    }

    public String key() {
        return attributes.key();
    }

    public ContentHeaders content() {
        return attributes.content();
    }

    public String storageClass() {
        return attributes.storageClass();
    }

    public Map<String, String> userMetadata() {
        return attributes.userMetadata();
    }

    public Map<String, String> tags() {
        return attributes.tags();
    }

    public Encryption encryption() {
        return attributes.encryption();
    }

    public long size() {
        return bytes.size();
    }

    public String etag() {
        return bytes.etag();
    }

    /** Null for a single-part object, else the number of parts of the completed multipart upload. */
    public Integer partCount() {
        return bytes.partCount();
    }

    public String versionId() {
        return version.id();
    }

    public boolean latest() {
        return version.latest();
    }

    public boolean deleteMarker() {
        return version.deleteMarker();
    }
}
