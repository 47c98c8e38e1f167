package dev.overcast.s3.conditional;

import dev.overcast.s3.S3Errors;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * HTTP preconditions against an object's ETag and Last-Modified, evaluated in the order S3 (RFC 9110) evaluates
 * them: If-Match, else If-Unmodified-Since (412); then If-None-Match, else If-Modified-Since (304 on reads).
 */
public final class Preconditions {

    /** What a read's preconditions decided. */
    public enum Outcome { PROCEED, NOT_MODIFIED }

    private Preconditions() {
    }

    /** GET and HEAD: 412 PreconditionFailed is thrown; 304 is returned as {@link Outcome#NOT_MODIFIED}. */
    public static Outcome forRead(String etag, Instant lastModified, String ifMatch, Instant ifUnmodifiedSince,
                                  String ifNoneMatch, Instant ifModifiedSince) {
        if (ifMatch != null) {
            if (!matches(ifMatch, etag)) {
                throw S3Errors.preconditionFailed("If-Match");
            }
        } else if (ifUnmodifiedSince != null && modifiedAfter(lastModified, ifUnmodifiedSince)) {
            throw S3Errors.preconditionFailed("If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag)) {
                return Outcome.NOT_MODIFIED;
            }
        } else if (ifModifiedSince != null && !modifiedAfter(lastModified, ifModifiedSince)) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * The {@code x-amz-copy-source-if-*} conditions of a copy, in the same order; every failure is 412 (a copy has
     * no 304). If-Match holding overrides If-Unmodified-Since, If-None-Match holding overrides If-Modified-Since.
     */
    public static void forCopySource(String etag, Instant lastModified, String ifMatch, Instant ifUnmodifiedSince,
                                     String ifNoneMatch, Instant ifModifiedSince) {
        if (ifMatch != null) {
            if (!matches(ifMatch, etag)) {
                throw S3Errors.preconditionFailed("x-amz-copy-source-If-Match");
            }
        } else if (ifUnmodifiedSince != null && modifiedAfter(lastModified, ifUnmodifiedSince)) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag)) {
                throw S3Errors.preconditionFailed("x-amz-copy-source-If-None-Match");
            }
        } else if (ifModifiedSince != null && !modifiedAfter(lastModified, ifModifiedSince)) {
            throw S3Errors.preconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    /**
     * A conditional write (PutObject, CompleteMultipartUpload, DeleteObject): {@code If-None-Match: *} requires that
     * the key is free, {@code If-Match: etag} that it holds an object with that ETag (404 NoSuchKey when it is free).
     *
     * @param etag the ETag of what the key holds now, null when it is free
     */
    public static void forWrite(String etag, String key, String ifMatch, String ifNoneMatch) {
        if (ifNoneMatch != null && etag != null && matches(ifNoneMatch, etag)) {
            throw S3Errors.preconditionFailed("If-None-Match");
        }
        if (ifMatch != null) {
            if (etag == null) {
                throw S3Errors.noSuchKey(key);
            }
            if (!matches(ifMatch, etag)) {
                throw S3Errors.preconditionFailed("If-Match");
            }
        }
    }

    /** Whether an If-Match / If-None-Match list ({@code *}, or ETags quoted or not, comma-separated) names the ETag. */
    public static boolean matches(String header, String etag) {
        String mine = unquote(etag);
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || unquote(c).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    /** HTTP dates have whole seconds: compare at that precision. */
    private static boolean modifiedAfter(Instant lastModified, Instant since) {
        return lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
    }

    /** An ETag without its quotes. */
    public static String unquote(String etag) {
        String e = etag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
