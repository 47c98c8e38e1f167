package dev.overcast.s3.versioning;

import dev.overcast.s3.S3Errors;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Version ids and versioning states: S3's ids are 32 characters of letters, digits, '.' and '_'; {@code null} names
 * the version written while versioning was off or suspended. What a request naming a version may see is
 * {@code object.ObjectVersions}.
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
}
