package dev.overcast.common.http;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request as the protocol layer sees it: independent of the servlet container so the codecs,
 * SigV4 and the chunked decoder can be driven from tests with captured SDK requests.
 */
public interface AwsHttpRequest {

    /** Upper-case HTTP method. */
    String method();

    /** The request path exactly as received (percent-encoded), without the query string. */
    String rawPath();

    /** The raw query string (percent-encoded) or {@code null} when there is none. */
    String rawQuery();

    /** Decoded query parameters in arrival order; a parameter without '=' maps to an empty string. */
    Map<String, List<String>> queryParameters();

    /** First value of a header, case-insensitive, or {@code null}. */
    String header(String name);

    /** All values of a header, case-insensitive; empty when absent. */
    List<String> headers(String name);

    /** Header names as received. */
    Collection<String> headerNames();

    /** The body. May be read once. */
    InputStream body();

    /**
     * Sends the {@code 100 Continue} a client that asked for one ({@code Expect: 100-continue}) waits for before it
     * sends the body; nothing otherwise, or once sent. Called once the request is authenticated.
     */
    default void continueBody() {
    }

    /** Declared content length, or -1 when unknown (chunked transfer). */
    long contentLength();

    default String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
