package dev.overcast.common.protocol;

import dev.overcast.common.http.AwsHttpResponse;

/** S3's dialect. */
class S3Dialect implements ProtocolDialect {

    private final ProtocolErrors errors = new S3DialectErrors();

    @Override
    public ProtocolErrors errors() {
        return errors;
    }

    /** {@code x-amz-request-id} (16 hex digits) and {@code x-amz-id-2}. */
    @Override
    public String assignRequestId(AwsHttpResponse response) {
        String requestId = RequestIds.s3RequestId();
        response.setHeader("x-amz-request-id", requestId);
        response.setHeader("x-amz-id-2", RequestIds.s3HostId());
        return requestId;
    }

    @Override
    public boolean signsPathAsSent() {
        return true;
    }

    @Override
    public boolean streamsPayloads() {
        return true;
    }

    @Override
    public boolean acceptsSigV2() {
        return true;
    }

    @Override
    public boolean acceptsAnonymous() {
        return true;
    }

    @Override
    public boolean addressesBucketInPath() {
        return true;
    }
}
