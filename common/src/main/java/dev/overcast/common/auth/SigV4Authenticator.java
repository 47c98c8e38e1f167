package dev.overcast.common.auth;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.protocol.AwsApiDescriptor;
import java.time.Clock;

/** Parses and, in verify mode, verifies AWS Signature Version 4 (header and presigned query). */
public final class SigV4Authenticator {

    private final SigV4Settings settings;
    private final Clock clock;

    public SigV4Authenticator(SigV4Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Authenticates the request. Errors are thrown as {@link dev.overcast.common.error.AwsException} in the API's
     * dialect (S3: SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed, AccessDenied "Request has
     * expired"; JSON: InvalidSignatureException, UnrecognizedClientException, …).
     */
    public AuthenticatedRequest authenticate(AwsHttpRequest request, AwsApiDescriptor api) {
        throw new UnsupportedOperationException("not written yet");
    }
}
