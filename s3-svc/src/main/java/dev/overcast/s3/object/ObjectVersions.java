package dev.overcast.s3.object;

import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.versioning.Versions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * What a request naming a key (and perhaps a version) may see of the key's versions, and the version id its
 * response names.
 */
public final class ObjectVersions {

    private ObjectVersions() {
    }

    /**
     * The object a read (GET, HEAD, tagging) answers from: the key's current version or the version asked for.
     * A current delete marker reads as NoSuchKey with {@code x-amz-delete-marker: true}; a delete marker asked for
     * by id is 405 MethodNotAllowed; an unknown version NoSuchVersion.
     *
     * @param found  what the store found for the key and version
     * @param method the HTTP method, named in a 405
     */
    public static StoredObject readable(Optional<StoredObject> found, String key, String versionId, String method) {
        if (found.isEmpty()) {
            throw versionId == null ? S3Errors.noSuchKey(key) : S3Errors.noSuchVersion(key, versionId);
        }
        StoredObject o = found.get();
        if (o.deleteMarker()) {
            AwsException e = versionId == null ? S3Errors.noSuchKey(key) : S3Errors.methodNotAllowed(method);
            throw markerHeaders(e, o);
        }
        return o;
    }

    /** The source of a copy: a delete marker cannot be copied (by id: 400 InvalidRequest). */
    public static StoredObject copySource(Optional<StoredObject> found, String key, String versionId) {
        if (versionId != null && found.isPresent() && found.get().deleteMarker()) {
            throw S3Errors.invalidRequest("The source of a copy request may not specifically refer to a delete marker "
                    + "by version id.");
        }
        return readable(found, key, versionId, "GET");
    }

    /** The {@code x-amz-version-id} a response carries: once versioning was ever configured, or a version is named. */
    public static String header(Bucket bucket, StoredObject object) {
        return bucket.versioned() || !Versions.NULL.equals(object.versionId()) ? object.versionId() : null;
    }

    private static AwsException markerHeaders(AwsException e, StoredObject marker) {
        return e.withHeader("x-amz-delete-marker", "true")
                .withHeader("x-amz-version-id", marker.versionId())
                .withHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        marker.lastModified().atOffset(ZoneOffset.UTC)));
    }
}
