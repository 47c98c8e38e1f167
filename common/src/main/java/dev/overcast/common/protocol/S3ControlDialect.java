package dev.overcast.common.protocol;

/**
 * S3 Control's dialect (access points, account-level settings): REST-XML under {@code /v20180820/}, signed for
 * {@code s3}, with S3's error codes and request ids, but no bucket in the path, bounded bodies, no SigV2, and errors
 * wrapped in {@code <ErrorResponse>} as S3 Control writes them.
 */
final class S3ControlDialect extends S3Dialect {

    /** The API version every S3 Control path starts with. */
    static final String PATH_PREFIX = "/v20180820/";

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

    @Override
    public String pathPrefix() {
        return PATH_PREFIX;
    }

    @Override
    public ErrorEnvelope xmlErrors() {
        return ErrorEnvelope.REST_XML_WRAPPED;
    }
}
