package dev.overcast.common.protocol;

/** Creates the codec for an API's protocol. */
public final class ProtocolCodecs {

    private ProtocolCodecs() {
    }

    /**
     * The codec for an API. It discovers every action of the API from the SDK client interface, so that
     * {@link ProtocolCodec#route} recognises actions no handler implements yet (the dispatcher then answers
     * "not implemented" with the action's name) and answers "unknown operation" only for what AWS doesn't know.
     */
    public static ProtocolCodec forApi(AwsApiDescriptor api) {
        return switch (api.protocol()) {
            case AWS_JSON_1_0, AWS_JSON_1_1 -> new dev.overcast.common.protocol.json.JsonRpcCodec(api);
            case REST_XML -> new dev.overcast.common.protocol.xml.RestXmlCodec(api);
            case REST_JSON -> new dev.overcast.common.protocol.rest.RestJsonCodec(api);
        };
    }
}
