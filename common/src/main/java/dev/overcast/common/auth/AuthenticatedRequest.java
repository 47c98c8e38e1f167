package dev.overcast.common.auth;

import dev.overcast.common.http.AwsHttpRequest;
import java.util.Map;

/**
 * The outcome of authentication.
 *
 * @param principal who signed and for which region
 * @param request   the request whose {@code body()} is now the payload: aws-chunked framing removed, chunk
 *                  signatures and payload hash verified while reading (mismatch: an AwsException from read)
 * @param trailers  trailing headers of an aws-chunked body, lower-case names; filled when the body has been read
 */
public record AuthenticatedRequest(Principal principal, AwsHttpRequest request, Map<String, String> trailers) {
}
