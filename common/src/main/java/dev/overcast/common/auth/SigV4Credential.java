package dev.overcast.common.auth;

import dev.overcast.common.http.QueryStrings;
import java.util.List;

/**
 * The credential scope of a SigV4 signature: {@code AKID/20130524/us-east-1/s3/aws4_request}.
 *
 * @param accessKeyId the access key id
 * @param date        the scope date, {@code yyyyMMdd}
 * @param region      the region
 * @param service     the signing service name
 */
public record SigV4Credential(String accessKeyId, String date, String region, String service) {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** Parses {@code AKID/date/region/service/aws4_request}; {@code null} if it has another shape. */
    public static SigV4Credential parseScope(String credential) {
        if (credential == null) {
            return null;
        }
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !"aws4_request".equals(parts[4]) || parts[0].isEmpty()) {
            return null;
        }
        return new SigV4Credential(parts[0], parts[1], parts[2], parts[3]);
    }

    /** The credential of an {@code Authorization: AWS4-HMAC-SHA256 Credential=…} header; {@code null} otherwise. */
    public static SigV4Credential fromAuthorizationHeader(String authorization) {
        if (authorization == null || !authorization.startsWith(ALGORITHM + " ")) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int end = authorization.indexOf(',', at);
        String value = authorization.substring(at + "Credential=".length(), end < 0 ? authorization.length() : end).trim();
        return parseScope(value);
    }

    /** The credential of a presigned URL's raw query string ({@code X-Amz-Credential=…}); {@code null} otherwise. */
    public static SigV4Credential fromRawQuery(String rawQuery) {
        List<String> credential = QueryStrings.parse(rawQuery).get("X-Amz-Credential");
        return credential == null ? null : parseScope(credential.get(0));
    }
}
