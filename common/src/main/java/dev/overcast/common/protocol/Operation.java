package dev.overcast.common.protocol;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * One action of an API: its name and its SDK model classes.
 *
 * @param name          the action name, e.g. {@code "PutObject"}
 * @param requestType   e.g. {@code PutObjectRequest.class}
 * @param responseType  e.g. {@code PutObjectResponse.class}
 * @param xmlRoot       REST-XML: the root element of the response document (e.g. {@code "ListAllMyBucketsResult"});
 *                      {@code null} for the default ({@code <Action>Result}); unused when the response has a payload
 *                      member
 */
public record Operation(String name,
                        Class<? extends SdkRequest> requestType,
                        Class<? extends SdkResponse> responseType,
                        String xmlRoot) {

    public Operation withXmlRoot(String root) {
        return new Operation(name, requestType, responseType, root);
    }
}
