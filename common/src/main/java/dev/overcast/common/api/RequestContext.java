package dev.overcast.common.api;

import dev.overcast.common.auth.Principal;
import dev.overcast.common.http.AwsHttpRequest;
import java.io.InputStream;
import java.util.Map;

/**
 * What a handler knows about the caller besides the decoded request: who (account, access key), where (region),
 * the request id, the raw HTTP request, and for streaming operations the decoded body.
 */
public final class RequestContext {

    private final String requestId;
    private final Principal principal;
    private final AwsHttpRequest http;
    private final InputStream body;
    private final Map<String, String> trailers;

    public RequestContext(String requestId, Principal principal, AwsHttpRequest http, InputStream body,
                          Map<String, String> trailers) {
        this.requestId = requestId;
        this.principal = principal;
        this.http = http;
        this.body = body;
        this.trailers = trailers;
    }

    public String requestId() {
        return requestId;
    }

    public String account() {
        return principal.accountId();
    }

    public String region() {
        return principal.region();
    }

    public Principal principal() {
        return principal;
    }

    public AwsHttpRequest http() {
        return http;
    }

    /**
     * The payload of a streaming operation: aws-chunked framing removed, chunk signatures and the signed payload
     * hash verified as it is read (a mismatch throws {@link dev.overcast.common.error.AwsException} from
     * {@code read}).
     */
    public InputStream body() {
        return body;
    }

    /**
     * Trailing headers of an aws-chunked body (e.g. {@code x-amz-checksum-crc32}), lower-case names. Complete only
     * once {@link #body()} has been read to its end.
     */
    public Map<String, String> trailers() {
        return trailers;
    }

    /** A header of the raw request (first value), case-insensitive. */
    public String header(String name) {
        return http.header(name);
    }
}
