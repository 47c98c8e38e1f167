package dev.overcast.common.api;

import dev.overcast.common.protocol.json.JsonRpcCodec;
import java.util.Map;
import software.amazon.awssdk.core.SdkResponse;

/**
 * A response some of whose members the handler already holds as JSON text in their wire form (DynamoDB items as
 * they are stored), passed on verbatim instead of being parsed into model objects and serialised again. The codec
 * writes the members of {@link #response} except those named in {@link #raw}, then each raw member's text as its
 * value. Only an answer in JSON text can carry raw members: a handler asks {@link #accepted} first, and otherwise
 * answers with every member in {@link #response} and no raw ones.
 */
public record RawJsonResponse<R extends SdkResponse>(R response, Map<String, String> raw) {

    /** A response with no raw members. */
    public static <R extends SdkResponse> RawJsonResponse<R> of(R response) {
        return new RawJsonResponse<>(response, Map.of());
    }

    /** Whether the request is answered in JSON text (not CBOR), so that raw members can be passed on. */
    public static boolean accepted(RequestContext ctx) {
        return !JsonRpcCodec.isCbor(ctx.http());
    }
}
