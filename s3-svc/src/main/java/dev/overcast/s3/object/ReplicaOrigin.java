package dev.overcast.s3.object;

import dev.overcast.s3.versioning.Versions;
import java.time.Instant;

/**
 * What a replica keeps of its source version, as S3's replicas do: the version id (null for the {@code null} version,
 * whose replica gets an id of its own) and the creation time (Last-Modified). A replica's version is stored under that
 * id, so that the two buckets name it alike.
 */
public record ReplicaOrigin(String versionId, Instant lastModified) {

    /** What the replica of the version keeps. */
    public static ReplicaOrigin of(StoredObject version) {
        return new ReplicaOrigin(Versions.NULL.equals(version.versionId()) ? null : version.versionId(),
                version.lastModified());
    }
}
