package dev.overcast.common.protocol;

/**
 * Describes one AWS API a service serves. A service application declares one bean per API (DynamoDB declares
 * two: DynamoDB and DynamoDB Streams).
 *
 * @param id              key that {@code @AwsApi} handler classes name, e.g. {@code "s3"}, {@code "dynamodb"}
 * @param signingName     SigV4 service name, e.g. {@code "s3"}, {@code "dynamodb"}
 * @param protocol        the wire protocol
 * @param targetPrefix    JSON protocols: the {@code X-Amz-Target} prefix before the dot, e.g. {@code "DynamoDB_20120810"};
 *                        {@code null} for REST protocols
 * @param sdkClient       the SDK for Java v2 sync client interface (e.g. {@code S3Client.class}): its methods name
 *                        every action of the API, its package holds the model and transform classes
 * @param errorTypePrefix JSON protocols: what precedes the error code in {@code __type}, e.g.
 *                        {@code "com.amazonaws.dynamodb.v20120810#"}; empty for none
 * @param xmlNamespace    REST-XML: the namespace of response documents, e.g. {@code "http://s3.amazonaws.com/doc/2006-03-01/"}
 * @param dialect         how the protocol family words errors, assigns request ids and applies SigV4
 *                        ({@link ProtocolDialect#S3} or {@link ProtocolDialect#JSON})
 */
public record AwsApiDescriptor(
        String id,
        String signingName,
        Protocol protocol,
        String targetPrefix,
        Class<?> sdkClient,
        String errorTypePrefix,
        String xmlNamespace,
        ProtocolDialect dialect) {

    public static AwsApiDescriptor jsonRpc(String id, String signingName, Protocol protocol, String targetPrefix,
                                           Class<?> sdkClient, String errorTypePrefix) {
        return new AwsApiDescriptor(id, signingName, protocol, targetPrefix, sdkClient, errorTypePrefix, null,
                ProtocolDialect.JSON);
    }

    public static AwsApiDescriptor restJson(String id, String signingName, Class<?> sdkClient) {
        return new AwsApiDescriptor(id, signingName, Protocol.REST_JSON, null, sdkClient, "", null,
                ProtocolDialect.JSON);
    }

    public static AwsApiDescriptor s3(Class<?> sdkClient) {
        return new AwsApiDescriptor("s3", "s3", Protocol.REST_XML, null, sdkClient, "",
                "http://s3.amazonaws.com/doc/2006-03-01/", ProtocolDialect.S3);
    }

    /** S3 Control (access points): REST-XML under {@code /v20180820/}, signed for {@code s3}. */
    public static AwsApiDescriptor s3Control(Class<?> sdkClient) {
        return new AwsApiDescriptor("s3control", "s3", Protocol.REST_XML, null, sdkClient, "",
                "http://awss3control.amazonaws.com/doc/2018-08-20/", ProtocolDialect.S3_CONTROL);
    }

    /** The SDK package holding the model ({@code .model}) and transform ({@code .transform}) classes. */
    public String modelPackage() {
        return sdkClient.getPackageName();
    }
}
