package dev.overcast.common.protocol;

import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import java.io.IOException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * Reads requests into and writes responses from the SDK for Java v2 model classes, generically from their
 * {@code sdkFields()} metadata. One instance serves one API; create it with {@link ProtocolCodecs#forApi}.
 * Thread-safe.
 */
public interface ProtocolCodec {

    AwsApiDescriptor api();

    /** Every action of the API, discovered from the SDK client interface. */
    java.util.List<Operation> operations();

    /**
     * Which of the API's operations the request targets (JSON: {@code X-Amz-Target}; REST: method, path, query
     * and required members). Throws the protocol's unknown-operation {@link AwsException} when none matches.
     */
    Operation route(AwsHttpRequest request);

    /**
     * Decodes everything of the request but a streaming body (S3 PutObject/UploadPart bodies stay in
     * {@link AwsHttpRequest#body()}). Throws the protocol's serialization error ({@code SerializationException},
     * {@code MalformedXML}, …) as an {@link AwsException} with a 4xx status on malformed input.
     */
    SdkRequest readRequest(AwsHttpRequest request, Operation operation);

    /** Writes a complete response: status, headers, body. */
    void writeResponse(SdkResponse response, Operation operation, AwsHttpResponse out) throws IOException;

    /**
     * Writes a complete response in the wire format the request chose (JSON or CBOR for the JSON 1.1 protocol).
     * {@link #writeResponse(SdkResponse, Operation, AwsHttpResponse)} uses the format of the request last read
     * by {@link #readRequest} on the current thread.
     */
    default void writeResponse(SdkResponse response, Operation operation, AwsHttpRequest request,
                               AwsHttpResponse out) throws IOException {
        writeResponse(response, operation, out);
    }

    /**
     * Writes a complete response some of whose members are JSON text already ({@link RawJsonResponse}); only a codec
     * answering in JSON text can write raw members.
     */
    default void writeResponse(RawJsonResponse<?> response, Operation operation, AwsHttpRequest request,
                               AwsHttpResponse out) throws IOException {
        if (!response.raw().isEmpty()) {
            throw new IllegalStateException("API " + api().id() + " does not answer in JSON text: raw members "
                    + response.raw().keySet() + " cannot be written");
        }
        writeResponse(response.response(), operation, request, out);
    }

    /**
     * Writes status and header members of a response whose body the handler streams itself (S3 GetObject):
     * nothing is written to the body.
     */
    void writeResponseHead(SdkResponse response, Operation operation, int status, AwsHttpResponse out);

    /** Writes the error in the protocol's envelope; HEAD requests get no body. */
    void writeError(AwsException error, AwsHttpRequest request, String requestId, AwsHttpResponse out) throws IOException;
}
