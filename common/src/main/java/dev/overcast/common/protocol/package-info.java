/**
 * The model-driven AWS wire protocols. {@link dev.overcast.common.protocol.ProtocolCodecs#forApi} gives the codec of
 * an API: {@code json.JsonRpcCodec} (JSON 1.0/1.1 and CBOR), {@code xml.RestXmlCodec} (S3),
 * {@code rest.RestJsonCodec}. All of them read and write the SDK for Java v2 model classes from their
 * {@code sdkFields()} metadata, cached per class in {@code model.Shape} / {@code model.Member}; {@code model.Timestamps}
 * and {@code model.Scalars} are the one place for timestamp formats and text conversion; {@code eventstream} holds
 * the {@code application/vnd.amazon.eventstream} framing.
 */
package dev.overcast.common.protocol;
