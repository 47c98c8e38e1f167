package dev.overcast.s3;

/**
 * The bucket and key of a path-style request path ({@code /bucket/key}; the gateway turns virtual-host requests
 * into this form), for the few requests answered before the operation router: CORS preflights, browser POSTs.
 *
 * @param bucket the bucket, null for the service root
 * @param rawKey the key as sent (still percent-encoded), null when the path names only the bucket
 */
public record S3Paths(String bucket, String rawKey) {

    public static S3Paths of(String rawPath) {
        String path = rawPath == null ? "" : rawPath;
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            return new S3Paths(null, null);
        }
        int slash = path.indexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            return new S3Paths(slash < 0 ? path : path.substring(0, slash), null);
        }
        return new S3Paths(path.substring(0, slash), path.substring(slash + 1));
    }
}
