package dev.overcast.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The URI of a request to a service: the service's scheme and authority, and the client's raw path and query as they
 * came (SigV4 signs them; never decoded and encoded again). Only what {@link URI} cannot hold at all (a raw
 * {@code |}, a space: characters Tomcat lets through for AWS clients) is percent-encoded.
 */
final class RawUris {

    private static final String HEX = "0123456789ABCDEF";

    private RawUris() {
    }

    /**
     * The request target to send for the client's raw path and query: as it came when a URI can hold it (every
     * character a URI allows anywhere, each '%' an escape; the usual case, found without parsing), else what
     * {@link #of} makes of it, an empty path being {@code /}.
     */
    static String requestTarget(URI base, String rawPathAndQuery) {
        if (allLegal(rawPathAndQuery)) {
            return rawPathAndQuery;
        }
        return requestTarget(of(base, rawPathAndQuery));
    }

    /** The raw path and query of {@code uri} as a request target, an empty path being {@code /}. */
    static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static boolean allLegal(String s) {
        if (s.isEmpty() || s.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(legal(c) || (c == '%' && escape(s, i)))) {
                return false;
            }
        }
        return true;
    }

    static URI of(URI base, String rawPathAndQuery) {
        String uri = base.getScheme() + "://" + base.getRawAuthority() + rawPathAndQuery;
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            return URI.create(encodeIllegal(uri));
        }
    }

    /** Percent-encodes what a URI may not hold; a '%' stays as it is when a valid escape follows. */
    static String encodeIllegal(String uri) {
        StringBuilder out = new StringBuilder(uri.length() + 16);
        for (int i = 0; i < uri.length(); ) {
            int c = uri.codePointAt(i);
            if (legal(c) || (c == '%' && escape(uri, i))) {
                out.appendCodePoint(c);
            } else {
                for (byte b : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
                }
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static boolean legal(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }

    private static boolean escape(String s, int i) {
        return i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0;
    }
}
