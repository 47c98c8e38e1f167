package dev.overcast.s3.versioning;

import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.object.StoredObject;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Version ids and what a request naming a key (and perhaps a version) may see: S3's ids are 32 characters of
 * letters, digits, '.' and '_'; {@code null} names the version written while versioning was off or suspended.
 */
public final class Versions {

    public static final String NULL = "null";
    public static final String ENABLED = "Enabled";
    public static final String SUSPENDED = "Suspended";

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Versions() {
    }

    /** A new, random version id. */
    public static String newId() {
        char[] id = new char[32];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /** A requested version id (null: none asked for); 400 InvalidArgument when it cannot be one. */
    public static String validate(String versionId) {
        if (versionId != null && !NULL.equals(versionId) && !FORMAT.matcher(versionId).matches()) {
            throw S3Errors.invalidVersionId(versionId);
        }
        return versionId;
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
        return bucket.versioned() || !NULL.equals(object.versionId()) ? object.versionId() : null;
    }

    private static AwsException markerHeaders(AwsException e, StoredObject marker) {
        return e.withHeader("x-amz-delete-marker", "true")
                .withHeader("x-amz-version-id", marker.versionId())
                .withHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        marker.lastModified().atOffset(ZoneOffset.UTC)));
    }
}
