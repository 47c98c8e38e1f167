package dev.overcast.s3.cors;

import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.s3.model.CORSRule;

/** One CORS rule of a bucket, as stored; matches origins and headers with at most one {@code *} each. */
public record CorsRule(String id, List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                       List<String> exposeHeaders, Integer maxAgeSeconds) {

    static CorsRule of(CORSRule rule) {
        return new CorsRule(rule.id(), rule.allowedOrigins(), rule.allowedMethods(),
                rule.hasAllowedHeaders() ? rule.allowedHeaders() : List.of(),
                rule.hasExposeHeaders() ? rule.exposeHeaders() : List.of(), rule.maxAgeSeconds());
    }

    CORSRule toModel() {
        CORSRule.Builder b = CORSRule.builder().id(id).allowedOrigins(allowedOrigins).allowedMethods(allowedMethods)
                .maxAgeSeconds(maxAgeSeconds);
        if (!allowedHeaders.isEmpty()) {
            b.allowedHeaders(allowedHeaders);
        }
        if (!exposeHeaders.isEmpty()) {
            b.exposeHeaders(exposeHeaders);
        }
        return b.build();
    }

    /** The allowed origin that admits {@code origin} ({@code *} itself when that is how it matched), or null. */
    String matchOrigin(String origin) {
        for (String allowed : allowedOrigins) {
            if (wildcardMatch(allowed, origin, false)) {
                return allowed;
            }
        }
        return null;
    }

    boolean allowsMethod(String method) {
        return allowedMethods.contains(method);
    }

    /** Whether every requested header name is allowed (case-insensitive). */
    boolean allowsHeaders(List<String> requested) {
        for (String header : requested) {
            if (allowedHeaders.stream().noneMatch(a -> wildcardMatch(a, header, true))) {
                return false;
            }
        }
        return true;
    }

    /** {@code pattern} with at most one {@code *} standing for any run of characters. */
    static boolean wildcardMatch(String pattern, String value, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        int star = p.indexOf('*');
        if (star < 0) {
            return p.equals(v);
        }
        String prefix = p.substring(0, star);
        String suffix = p.substring(star + 1);
        return v.length() >= prefix.length() + suffix.length() && v.startsWith(prefix) && v.endsWith(suffix);
    }
}
