package dev.overcast.common.protocol;

import dev.overcast.common.http.AwsHttpResponse;

/** The JSON services' dialect: AWS JSON 1.0/1.1, CBOR and REST-JSON. */
final class JsonDialect implements ProtocolDialect {

    private final ProtocolErrors errors = new JsonDialectErrors();

    @Override
    public ProtocolErrors errors() {
        return errors;
    }

    /** {@code x-amzn-RequestId}, a UUID. */
    @Override
    public String assignRequestId(AwsHttpResponse response) {
        String requestId = RequestIds.uuid();
        response.setHeader("x-amzn-RequestId", requestId);
        return requestId;
    }

    @Override
    public boolean signsPathAsSent() {
        return false;
    }

    @Override
    public boolean streamsPayloads() {
        return false;
    }

    @Override
    public boolean acceptsSigV2() {
        return false;
    }

    @Override
    public boolean addressesBucketInPath() {
        return false;
    }
}
