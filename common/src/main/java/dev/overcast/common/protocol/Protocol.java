package dev.overcast.common.protocol;

/** The AWS wire protocols. CBOR is the binary content type of the JSON 1.1 protocol (Kinesis). */
public enum Protocol {
    AWS_JSON_1_0,
    AWS_JSON_1_1,
    REST_XML,
    REST_JSON;

    public boolean isJsonRpc() {
        return this == AWS_JSON_1_0 || this == AWS_JSON_1_1;
    }
}
