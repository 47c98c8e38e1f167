package dev.overcast.common.error;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/**
 * An AWS error as the client must see it: the error code, the HTTP status and the message. Each protocol
 * writes it in its own envelope ({@code __type}/{@code message} for JSON and CBOR, {@code <Error><Code>} for
 * REST-XML, {@code x-amzn-ErrorType} for REST-JSON).
 *
 * <p>{@link #fields()} carries extra top-level elements (S3's {@code BucketName}, {@code Key}, {@code Resource},
 * …) written as strings. {@link #details()} optionally carries a modeled exception shape of the SDK (for example
 * DynamoDB's {@code TransactionCanceledException} with its {@code CancellationReasons}); the JSON codecs write its
 * members next to {@code __type} and {@code message}.
 */
public class AwsException extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private SdkPojo details;

    public AwsException(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** True for 4xx: the client's fault. */
    public boolean senderFault() {
        return status < 500;
    }

    /** Extra element written into the error body (REST-XML) as {@code <name>value</name>}. */
    public AwsException with(String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    /** Extra response header, e.g. S3's {@code x-amz-bucket-region} on a redirect. */
    public AwsException withHeader(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    public AwsException withDetails(SdkPojo modeledShape) {
        this.details = modeledShape;
        return this;
    }

    public Map<String, String> fields() {
        return fields;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public SdkPojo details() {
        return details;
    }
}
