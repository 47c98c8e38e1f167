package dev.overcast.common.auth;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.protocol.ProtocolErrors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * S3's legacy Signature Version 2: the {@code Authorization: AWS AKID:signature} header and query authentication
 * ({@code AWSAccessKeyId}, {@code Signature}, {@code Expires}; what boto3's {@code generate_presigned_url} produces by
 * default). The signature is the base64 HMAC-SHA1 of
 * <pre>
 * VERB \n Content-MD5 \n Content-Type \n Date (or Expires) \n CanonicalizedAmzHeaders CanonicalizedResource
 * </pre>
 * where the date line is empty when {@code x-amz-date} is sent (it then signs as an amz header), and the resource is
 * the path-style path with the sub-resources and response overrides of the query. In off mode the key only names the
 * caller. Thread-safe.
 */
final class SigV2Authenticator {

    /** The query parameters S3 signs as part of the resource (sub-resources and response header overrides). */
    static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "cors", "defaultObjectAcl", "location",
            "logging", "partNumber", "policy", "requestPayment", "torrent", "versioning", "versionId", "versions",
            "website", "uploads", "uploadId", "response-content-type", "response-content-language", "response-expires",
            "response-cache-control", "response-content-disposition", "response-content-encoding", "delete",
            "lifecycle", "tagging", "restore", "storageClass", "notification", "replication", "analytics", "metrics",
            "inventory", "select", "select-type", "object-lock");

    private final SigV4Settings settings;
    private final Clock clock;

    SigV2Authenticator(SigV4Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** True when the query carries SigV2 query authentication (or part of it). */
    static boolean isQueryAuth(AwsHttpRequest request) {
        return request.queryParameter("AWSAccessKeyId") != null || request.queryParameter("Signature") != null
                || request.queryParameter("Expires") != null;
    }

    /** {@code Authorization: AWS AKID:signature}, timed by {@code x-amz-date} or {@code Date} like SigV4. */
    Principal header(AwsHttpRequest request, String authorization, ProtocolErrors errors) {
        String credentials = authorization.substring("AWS ".length()).trim();
        int colon = credentials.lastIndexOf(':');
        if (colon <= 0 || colon == credentials.length() - 1) {
            throw errors.invalidSigV2Header(authorization);
        }
        String accessKeyId = credentials.substring(0, colon);
        Principal principal = principal(accessKeyId);
        if (!settings.verify()) {
            return principal;
        }
        String secret = secret(accessKeyId, errors);
        String amzDate = request.header("x-amz-date");
        String asSent = amzDate != null ? amzDate : request.header("Date");
        Instant requestTime = SigV4Authenticator.parseHttpDate(asSent);
        if (requestTime == null) {
            throw errors.invalidDate(asSent);
        }
        checkSkew(errors, asSent, requestTime);
        String dateLine = amzDate != null ? "" : asSent.trim();
        verify(request, errors, accessKeyId, secret, dateLine, credentials.substring(colon + 1), false);
        return principal;
    }

    /** Query authentication: valid until {@code Expires}, seconds since the epoch. */
    Principal query(AwsHttpRequest request, ProtocolErrors errors) {
        String accessKeyId = request.queryParameter("AWSAccessKeyId");
        String signature = request.queryParameter("Signature");
        String expires = request.queryParameter("Expires");
        if (accessKeyId == null || signature == null || expires == null) {
            throw errors.incompleteSigV2Query();
        }
        Principal principal = principal(accessKeyId);
        if (!settings.verify()) {
            return principal;
        }
        String secret = secret(accessKeyId, errors);
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(expires.trim()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw errors.incompleteSigV2Query();
        }
        Instant now = clock.instant();
        if (now.isAfter(expiresAt)) {
            throw errors.expiredSigV2(iso(expiresAt), iso(now));
        }
        verify(request, errors, accessKeyId, secret, expires, signature, true);
        return principal;
    }

    /** SigV2 names no region or service: the region is the configured default. */
    private Principal principal(String accessKeyId) {
        return new Principal(accessKeyId, settings.accountFor(accessKeyId), settings.defaultRegion(), null);
    }

    private String secret(String accessKeyId, ProtocolErrors errors) {
        String secret = settings.secretFor(accessKeyId);
        if (secret == null) {
            throw errors.unknownAccessKey(accessKeyId);
        }
        return secret;
    }

    private void checkSkew(ProtocolErrors errors, String asSent, Instant requestTime) {
        Instant now = clock.instant();
        Duration skew = settings.maxSkew();
        if (requestTime.isBefore(now.minus(skew)) || requestTime.isAfter(now.plus(skew))) {
            throw errors.timeTooSkewed(asSent, iso(now), skew.toMillis(), null);
        }
    }

    private static void verify(AwsHttpRequest request, ProtocolErrors errors, String accessKeyId, String secret,
                               String dateLine, String signature, boolean queryAuth) {
        String stringToSign = stringToSign(request, dateLine, queryAuth);
        String expected = hmacSha1Base64(secret, stringToSign);
        if (!SigV4Canonical.constantTimeEquals(expected, signature)) {
            throw errors.signatureMismatch(accessKeyId, stringToSign, signature, null);
        }
    }

    /**
     * The string to sign. Query authentication signs the {@code x-amz-*}, {@code Content-Type} and
     * {@code Content-MD5} values a signer moved from its headers into the query (as botocore does) as headers.
     */
    static String stringToSign(AwsHttpRequest request, String dateLine, boolean queryAuth) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method()).append('\n')
                .append(standardHeader(request, "Content-MD5", queryAuth)).append('\n')
                .append(standardHeader(request, "Content-Type", queryAuth)).append('\n')
                .append(dateLine).append('\n');
        amzHeaders(request, queryAuth).forEach((name, value) -> sb.append(name).append(':').append(value).append('\n'));
        return sb.append(resource(request)).toString();
    }

    private static String standardHeader(AwsHttpRequest request, String name, boolean queryAuth) {
        String value = request.header(name);
        if (value == null && queryAuth) {
            value = request.queryParameter(name.toLowerCase(Locale.ROOT));
        }
        return value == null ? "" : value.strip();
    }

    /** Every {@code x-amz-*} header, lower-case and sorted, repeated values joined with commas. */
    private static Map<String, String> amzHeaders(AwsHttpRequest request, boolean queryAuth) {
        Map<String, String> amz = new TreeMap<>();
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !amz.containsKey(lower)) {
                List<String> values = new ArrayList<>();
                request.headers(name).forEach(v -> values.add(v == null ? "" : v.strip()));
                amz.put(lower, String.join(",", values));
            }
        }
        if (queryAuth) {
            request.queryParameters().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-amz-") && !values.isEmpty()) {
                    amz.putIfAbsent(lower, values.get(0).strip());
                }
            });
        }
        return amz;
    }

    /**
     * The path as sent (path-style, bucket first) and the signed sub-resources, sorted, values decoded. A bucket
     * itself signs as {@code /bucket/}, with the slash every SDK adds (botocore, boto, the SDK for Java v1).
     */
    static String resource(AwsHttpRequest request) {
        String path = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        if (path.indexOf('/', 1) < 0 && path.length() > 1) {
            path = path + "/";
        }
        String rawQuery = request.rawQuery();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return path;
        }
        List<String[]> signed = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (SUB_RESOURCES.contains(name)) {
                signed.add(new String[] {name, eq < 0 ? null : SigV4Canonical.percentDecode(pair.substring(eq + 1))});
            }
        }
        if (signed.isEmpty()) {
            return path;
        }
        signed.sort(Comparator.comparing(p -> p[0]));
        StringBuilder sb = new StringBuilder(path).append('?');
        for (int i = 0; i < signed.size(); i++) {
            if (i > 0) {
                sb.append('&');
            }
            sb.append(signed.get(i)[0]);
            if (signed.get(i)[1] != null) {
                sb.append('=').append(signed.get(i)[1]);
            }
        }
        return sb.toString();
    }

    static String hmacSha1Base64(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
