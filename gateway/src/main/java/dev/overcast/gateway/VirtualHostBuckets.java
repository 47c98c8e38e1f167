package dev.overcast.gateway;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the bucket of a virtual-host-style S3 request: {@code <bucket>.<base>}, {@code <bucket>.s3.<base>}
 * or {@code <bucket>.s3.<region>.<base>} for a configured base domain.
 */
public final class VirtualHostBuckets {

    /** {@code s3}, {@code s3.us-east-1}, {@code s3-us-east-1}, {@code s3.dualstack.us-east-1}: an endpoint, not a bucket. */
    private static final Pattern ENDPOINT_LABELS = Pattern.compile("s3(?:[.-][a-z0-9-]+)*");

    /** {@code <bucket>.s3…}: the bucket followed by endpoint labels. */
    private static final Pattern BUCKET_THEN_ENDPOINT = Pattern.compile("(.+?)\\.s3(?:[.-][a-z0-9-]+)*");

    private final List<String> suffixes;

    public VirtualHostBuckets(List<String> baseDomains) {
        this.suffixes = baseDomains.stream()
                .map(d -> d.trim().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .map(d -> d.startsWith(".") ? d : "." + d)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** The bucket named by a Host header value (port allowed), or {@code null}. */
    public String bucketOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || hostHeader.charAt(0) == '[') {
            return null;
        }
        String host = hostHeader;
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String suffix : suffixes) {
            if (host.length() > suffix.length() && host.endsWith(suffix)) {
                String labels = host.substring(0, host.length() - suffix.length());
                if (ENDPOINT_LABELS.matcher(labels).matches()) {
                    return null;
                }
                var m = BUCKET_THEN_ENDPOINT.matcher(labels);
                return m.matches() ? m.group(1) : labels;
            }
        }
        return null;
    }
}
