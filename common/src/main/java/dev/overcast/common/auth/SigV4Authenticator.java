package dev.overcast.common.auth;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.ProtocolDialect;
import dev.overcast.common.protocol.ProtocolErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses and, in verify mode, verifies AWS Signature Version 4 (header and presigned query), and prepares the
 * body to hand on: aws-chunked framing removed (chunk and trailer signatures verified in verify mode), a signed
 * payload hash checked at end of stream. Thread-safe.
 */
public final class SigV4Authenticator {

    /** Largest body buffered to compute the payload hash of a request that does not send x-amz-content-sha256. */
    public static final int MAX_BUFFERED_BODY = 20 * 1024 * 1024;
    /** Longest validity of a presigned URL (7 days), in seconds. */
    public static final long MAX_PRESIGN_EXPIRES = 604800;
    /** Header our gateway sets to the original raw URI (path and query) when it rewrote a virtual-host request. */
    public static final String ORIGINAL_URI_HEADER = "x-overcast-original-uri";

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    static final String STREAMING_EVENTS = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

    private static final java.util.regex.Pattern REGION_NAME = java.util.regex.Pattern.compile("[a-z0-9-]+");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SigV4Settings settings;
    private final Clock clock;
    private final SigV2Authenticator sigV2;

    public SigV4Authenticator(SigV4Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.sigV2 = new SigV2Authenticator(settings, clock);
    }

    public SigV4Settings settings() {
        return settings;
    }

    /**
     * Authenticates the request. Errors are thrown as {@link dev.overcast.common.error.AwsException} in the API's
     * dialect (S3: SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed, AccessDenied "Request has
     * expired"; JSON: InvalidSignatureException, UnrecognizedClientException, …).
     */
    public AuthenticatedRequest authenticate(AwsHttpRequest request, AwsApiDescriptor api) {
        ProtocolErrors errors = api.dialect().errors();
        Map<String, String> trailerSink = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, String> trailers = Collections.unmodifiableMap(trailerSink);

        String authorization = request.header("Authorization");
        boolean presigned = request.queryParameter("X-Amz-Algorithm") != null
                || request.queryParameter("X-Amz-Credential") != null;
        boolean presignedV2 = api.dialect().acceptsSigV2() && SigV2Authenticator.isQueryAuth(request);

        if (authorization == null && !presigned && !presignedV2) {
            if (settings.verify() && !api.dialect().acceptsAnonymous()) {
                throw errors.missingAuthentication();
            }
            Principal anonymous = new Principal(null, settings.defaultAccount(), settings.defaultRegion(), null);
            return new AuthenticatedRequest(anonymous, unverifiedBody(request, errors, trailerSink), trailers);
        }
        if (authorization != null && presigned || authorization != null && presignedV2 || presigned && presignedV2) {
            throw errors.invalidArgument("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                    + "Signature query string parameter or the Authorization header should be specified");
        }

        // S3's Signature Version 2 (header or query); in off mode any API's SigV2 header names the caller
        boolean sigV2Header = authorization != null && authorization.startsWith("AWS ")
                && (api.dialect().acceptsSigV2() || !settings.verify());
        if (sigV2Header || presignedV2) {
            Principal p = sigV2Header ? sigV2.header(request, authorization, errors) : sigV2.query(request, errors);
            return new AuthenticatedRequest(p, unverifiedBody(request, errors, trailerSink), trailers);
        }

        Signed signed;
        if (authorization != null) {
            signed = parseHeader(authorization, errors);
        } else {
            signed = parseQuery(request, errors);
        }
        SigV4Credential credential = signed.credential();
        Principal principal = new Principal(credential.accessKeyId(), settings.accountFor(credential.accessKeyId()),
                credential.region(), credential.service());
        if (!settings.verify()) {
            return new AuthenticatedRequest(principal, unverifiedBody(request, errors, trailerSink), trailers);
        }
        return verify(request, api, errors, signed, principal, trailerSink, trailers);
    }

    /**
     * S3 browser-form POST: the fields {@code x-amz-credential} and {@code x-amz-signature} sign the base64 policy
     * document itself (the string to sign), with the signing key of the credential's scope. In off mode the
     * credential only names the caller. S3 errors: InvalidArgument for a credential of another shape,
     * InvalidAccessKeyId, SignatureDoesNotMatch.
     *
     * @param credential the x-amz-credential field ({@code AKID/date/region/s3/aws4_request})
     * @param policy     the policy field as sent (base64)
     * @param signature  the x-amz-signature field
     */
    public Principal verifyPostPolicy(String credential, String policy, String signature) {
        ProtocolErrors errors = ProtocolDialect.S3.errors();
        SigV4Credential scope = SigV4Credential.parseScope(credential);
        if (scope == null) {
            throw errors.invalidArgument("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                    + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        Principal principal = new Principal(scope.accessKeyId(), settings.accountFor(scope.accessKeyId()),
                scope.region(), scope.service());
        if (!settings.verify()) {
            return principal;
        }
        String secret = settings.secretFor(scope.accessKeyId());
        if (secret == null) {
            throw errors.unknownAccessKey(scope.accessKeyId());
        }
        byte[] signingKey = SigV4Canonical.signingKey(secret, scope.date(), scope.region(), scope.service());
        String expected = SigV4Canonical.signature(signingKey, policy);
        if (signature == null || !SigV4Canonical.constantTimeEquals(expected, signature)) {
            throw errors.signatureMismatch(scope.accessKeyId(), policy, signature, null);
        }
        return principal;
    }

    /**
     * S3 browser-form POST signed the legacy way (what boto3's {@code generate_presigned_post} sends by default):
     * {@code AWSAccessKeyId} and {@code signature}, the base64 HMAC-SHA1 of the base64 policy. In off mode the key
     * only names the caller; the region is the configured default.
     */
    public Principal verifyPostPolicyV2(String accessKeyId, String policy, String signature) {
        ProtocolErrors errors = ProtocolDialect.S3.errors();
        Principal principal = new Principal(accessKeyId, settings.accountFor(accessKeyId), settings.defaultRegion(), "s3");
        if (!settings.verify()) {
            return principal;
        }
        String secret = settings.secretFor(accessKeyId);
        if (secret == null) {
            throw errors.unknownAccessKey(accessKeyId);
        }
        String expected = SigV2Authenticator.hmacSha1Base64(secret, policy);
        if (signature == null || !SigV4Canonical.constantTimeEquals(expected, signature)) {
            throw errors.signatureMismatch(accessKeyId, policy, signature, null);
        }
        return principal;
    }

    // ---------------------------------------------------------------------------------------------- verification

    private AuthenticatedRequest verify(AwsHttpRequest request, AwsApiDescriptor api, ProtocolErrors errors,
                                        Signed signed, Principal principal, Map<String, String> trailerSink,
                                        Map<String, String> trailers) {
        SigV4Credential credential = signed.credential();
        checkScope(credential, api, errors, signed.presigned());
        String secret = settings.secretFor(credential.accessKeyId());
        if (secret == null) {
            throw errors.unknownAccessKey(credential.accessKeyId());
        }
        List<String> unsigned = unsignedAmzHeaders(request, signed.signedHeaders());
        if (!unsigned.isEmpty()) {
            throw errors.headersNotSigned(unsigned);
        }

        // request time
        String amzDate;
        Instant requestTime;
        String requestTimeAsSent;
        if (signed.presigned()) {
            requestTimeAsSent = request.queryParameter("X-Amz-Date");
            requestTime = parseAmzDate(requestTimeAsSent);
            if (requestTime == null) {
                throw errors.queryParametersError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
            }
            amzDate = requestTimeAsSent;
        } else {
            requestTimeAsSent = request.header("X-Amz-Date");
            if (requestTimeAsSent != null) {
                requestTime = parseAmzDate(requestTimeAsSent);
                amzDate = requestTimeAsSent;
            } else {
                requestTimeAsSent = request.header("Date");
                requestTime = parseHttpDate(requestTimeAsSent);
                amzDate = requestTime == null ? null : AMZ_DATE.format(requestTime);
            }
            if (requestTime == null) {
                throw errors.invalidDate(requestTimeAsSent);
            }
        }
        if (!amzDate.startsWith(credential.date())) {
            if (signed.presigned()) {
                throw errors.queryParametersError("Invalid credential date \"" + credential.date()
                        + "\". This date is not the same as X-Amz-Date: \"" + amzDate.substring(0, 8) + "\".");
            }
            throw errors.malformedHeader("Invalid credential date. Date is not the same as X-Amz-Date.",
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + credential.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }

        Instant now = clock.instant();
        if (signed.presigned()) {
            checkExpiry(request, errors, requestTime, now);
        } else {
            checkSkew(errors, requestTimeAsSent, amzDate, requestTime, now);
        }

        // payload hash
        String contentSha = request.header("x-amz-content-sha256");
        if (contentSha != null) {
            contentSha = contentSha.trim();
            checkContentShaValue(contentSha, errors);
        }
        String payloadHash;
        byte[] buffered = null;
        String bufferedHash = null;
        boolean streamed = api.dialect().streamsPayloads();
        if (!streamed && SigV4Canonical.isSha256Hex(contentSha)) {
            // bounded bodies: check the signed hash now rather than trusting the codec to read to EOF
            buffered = readBounded(request.body(), errors);
            bufferedHash = SigV4Canonical.sha256Hex(buffered);
            payloadHash = contentSha;
        } else if (contentSha != null) {
            payloadHash = contentSha;
        } else if (streamed && signed.presigned()) {
            payloadHash = UNSIGNED_PAYLOAD;
        } else if (streamed) {
            throw errors.invalidRequest("Missing required header for this request: x-amz-content-sha256");
        } else {
            buffered = readBounded(request.body(), errors);
            payloadHash = SigV4Canonical.sha256Hex(buffered);
        }

        // canonical request
        String rawPath = request.rawPath();
        String rawQuery = request.rawQuery();
        String originalUri = request.header(ORIGINAL_URI_HEADER);
        if (originalUri != null && isVirtualHostFormOf(originalUri, rawPath, rawQuery, request.header("Host"))) {
            int q = originalUri.indexOf('?');
            rawPath = q < 0 ? originalUri : originalUri.substring(0, q);
            rawQuery = q < 0 ? null : originalUri.substring(q + 1);
        }
        String canonicalRequest = SigV4Canonical.canonicalRequest(request.method(),
                SigV4Canonical.canonicalUri(rawPath, api.dialect().signsPathAsSent()),
                SigV4Canonical.canonicalQuery(rawQuery, signed.presigned() ? "X-Amz-Signature" : null),
                request, signed.signedHeaders(), payloadHash);
        String scope = credential.date() + "/" + credential.region() + "/" + credential.service() + "/aws4_request";
        String stringToSign = SigV4Canonical.stringToSign(amzDate, scope, canonicalRequest);
        byte[] signingKey = SigV4Canonical.signingKey(secret, credential.date(), credential.region(),
                credential.service());
        String expected = SigV4Canonical.signature(signingKey, stringToSign);
        if (!SigV4Canonical.constantTimeEquals(expected, signed.signature())) {
            throw errors.signatureMismatch(credential.accessKeyId(), stringToSign, signed.signature(), canonicalRequest);
        }
        if (bufferedHash != null && !bufferedHash.equalsIgnoreCase(payloadHash)) {
            throw errors.contentSha256Mismatch(payloadHash, bufferedHash);
        }

        // body to hand on
        AwsHttpRequest out;
        if (buffered != null) {
            byte[] bytes = buffered;
            out = new AuthenticatedHttpRequest(request, () -> new ByteArrayInputStream(bytes), false, bytes.length);
        } else if (isChunked(request, contentSha)) {
            boolean chunksSigned = STREAMING_SIGNED.equals(contentSha) || STREAMING_SIGNED_TRAILER.equals(contentSha);
            boolean trailerSigned = STREAMING_SIGNED_TRAILER.equals(contentSha);
            ChunkSignatureVerifier verifier = chunksSigned || trailerSigned
                    ? new ChunkSignatureVerifier(errors, signingKey, amzDate, scope, credential.accessKeyId(),
                    signed.signature(), chunksSigned, trailerSigned)
                    : null;
            out = chunked(request, errors, verifier, trailerSink);
        } else if (SigV4Canonical.isSha256Hex(contentSha)) {
            String hash = contentSha;
            out = new AuthenticatedHttpRequest(request,
                    () -> new Sha256VerifyingInputStream(request.body(), hash, request.contentLength(), errors), false,
                    request.contentLength());
        } else {
            out = new AuthenticatedHttpRequest(request, request::body, false, request.contentLength());
        }
        return new AuthenticatedRequest(principal, out, trailers);
    }

    /**
     * The scope must name the service that received the request (its SigV4 signing name) and a region: AWS refuses a
     * DynamoDB call signed for {@code s3} however good its signature.
     */
    private void checkScope(SigV4Credential credential, AwsApiDescriptor api, ProtocolErrors errors, boolean presigned) {
        if (!REGION_NAME.matcher(credential.region()).matches()) {
            throw errors.invalidRegion(credential.region(), settings.defaultRegion(), presigned);
        }
        if (!credential.service().equals(api.signingName())) {
            throw errors.wrongService(credential.service(), api.signingName(), presigned);
        }
    }

    /**
     * The {@code x-amz-*} headers sent but not signed, lower-case and sorted: AWS requires every one of them signed
     * (with a presigned URL too), so that none can be added on the way (an {@code x-amz-copy-source} turning a PUT
     * into a copy, an {@code X-Amz-Target} swapping the operation). {@code x-amz-content-sha256} is exempt: its value
     * is signed anyway as the canonical request's payload hash.
     */
    static List<String> unsignedAmzHeaders(AwsHttpRequest request, List<String> signedHeaders) {
        java.util.TreeSet<String> unsigned = new java.util.TreeSet<>();
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-") && !lower.equals("x-amz-content-sha256") && !signedHeaders.contains(lower)) {
                unsigned.add(lower);
            }
        }
        return List.copyOf(unsigned);
    }

    private void checkSkew(ProtocolErrors errors, String asSent, String amzDate, Instant requestTime, Instant now) {
        Duration skew = settings.maxSkew();
        if (requestTime.isBefore(now.minus(skew))) {
            throw errors.timeTooSkewed(asSent, iso(now), skew.toMillis(), "Signature expired: " + amzDate
                    + " is now earlier than " + AMZ_DATE.format(now.minus(skew)) + " (" + AMZ_DATE.format(now)
                    + " - " + minutes(skew) + ")");
        }
        if (requestTime.isAfter(now.plus(skew))) {
            throw errors.timeTooSkewed(asSent, iso(now), skew.toMillis(), "Signature not yet current: " + amzDate
                    + " is still later than " + AMZ_DATE.format(now.plus(skew)) + " (" + AMZ_DATE.format(now)
                    + " + " + minutes(skew) + ")");
        }
    }

    private void checkExpiry(AwsHttpRequest request, ProtocolErrors errors, Instant requestTime, Instant now) {
        String expiresParam = request.queryParameter("X-Amz-Expires");
        long expires;
        try {
            expires = Long.parseLong(expiresParam.trim());
        } catch (NumberFormatException e) {
            throw errors.queryParametersError("X-Amz-Expires should be a number");
        }
        if (expires < 0) {
            throw errors.queryParametersError("X-Amz-Expires must be non-negative");
        }
        if (expires > MAX_PRESIGN_EXPIRES) {
            throw errors.queryParametersError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        Instant expiresAt = requestTime.plusSeconds(expires);
        if (now.isAfter(expiresAt)) {
            throw errors.expired(expiresParam.trim(), iso(expiresAt), iso(now));
        }
    }

    private static void checkContentShaValue(String value, ProtocolErrors errors) {
        switch (value) {
            case UNSIGNED_PAYLOAD, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER,
                 STREAMING_EVENTS -> {
                return;
            }
            default -> {
                if (!SigV4Canonical.isSha256Hex(value)) {
                    throw errors.invalidArgument("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                            + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                            + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- parsing

    /** What the signature says: credential scope, signed header names, the signature. */
    private record Signed(SigV4Credential credential, List<String> signedHeaders, String signature,
                          boolean presigned) {
    }

    private static Signed parseHeader(String authorization, ProtocolErrors errors) {
        String prefix = SigV4Credential.ALGORITHM + " ";
        if (!authorization.startsWith(prefix)) {
            throw errors.unsupportedAuthorization(authorization);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(prefix.length()).split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            switch (name) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            StringBuilder json = new StringBuilder();
            if (credential == null) {
                json.append("Authorization header requires 'Credential' parameter. ");
            }
            if (signature == null) {
                json.append("Authorization header requires 'Signature' parameter. ");
            }
            if (signedHeaders == null) {
                json.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            json.append("Authorization=").append(authorization);
            throw errors.malformedHeader("the authorization header requires three components: Credential, "
                    + "SignedHeaders, and Signature.", json.toString());
        }
        SigV4Credential scope = SigV4Credential.parseScope(credential);
        if (scope == null) {
            throw errors.malformedHeader("the Credential is mal-formed; expecting "
                            + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".",
                    "Credential should be scoped to a valid region, not '" + credential + "'. ");
        }
        if (signedHeaders.isEmpty()) {
            throw errors.malformedHeader("the SignedHeaders is empty.",
                    "Authorization header requires 'SignedHeaders' parameter. Authorization=" + authorization);
        }
        return new Signed(scope, headerList(signedHeaders), signature, false);
    }

    private static Signed parseQuery(AwsHttpRequest request, ProtocolErrors errors) {
        String algorithm = request.queryParameter("X-Amz-Algorithm");
        String credential = request.queryParameter("X-Amz-Credential");
        String date = request.queryParameter("X-Amz-Date");
        String expires = request.queryParameter("X-Amz-Expires");
        String signedHeaders = request.queryParameter("X-Amz-SignedHeaders");
        String signature = request.queryParameter("X-Amz-Signature");
        if (algorithm == null || credential == null || date == null || expires == null || signedHeaders == null
                || signature == null) {
            throw errors.queryParametersError("Query-string authentication version 4 requires the X-Amz-Algorithm, "
                    + "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires "
                    + "parameters.");
        }
        if (!SigV4Credential.ALGORITHM.equals(algorithm)) {
            throw errors.queryParametersError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        SigV4Credential scope = SigV4Credential.parseScope(credential);
        if (scope == null) {
            throw errors.queryParametersError("Error parsing the X-Amz-Credential parameter; the Credential is "
                    + "mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        return new Signed(scope, headerList(signedHeaders), signature, true);
    }

    private static List<String> headerList(String signedHeaders) {
        List<String> names = new ArrayList<>();
        for (String n : signedHeaders.split(";")) {
            String name = n.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    static Instant parseAmzDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim(), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant parseHttpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min." : d.toSeconds() + " sec.";
    }

    // ---------------------------------------------------------------------------------------------- bodies

    private static boolean isChunked(AwsHttpRequest request, String contentSha) {
        if (contentSha != null && contentSha.startsWith("STREAMING-") && !STREAMING_EVENTS.equals(contentSha)) {
            return true;
        }
        if (request.header("x-amz-decoded-content-length") == null) {
            // as on S3: Content-Encoding alone (gzip, aws-chunked on a plain body) does not make a body aws-chunked
            return false;
        }
        for (String encoding : request.headers("Content-Encoding")) {
            for (String coding : encoding.split(",")) {
                if (coding.trim().equalsIgnoreCase("aws-chunked")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Off mode and anonymous requests: aws-chunked framing removed, nothing verified. */
    private static AwsHttpRequest unverifiedBody(AwsHttpRequest request, ProtocolErrors errors,
                                                 Map<String, String> trailerSink) {
        String contentSha = request.header("x-amz-content-sha256");
        if (isChunked(request, contentSha == null ? null : contentSha.trim())) {
            return chunked(request, errors, null, trailerSink);
        }
        return new AuthenticatedHttpRequest(request, request::body, false, request.contentLength());
    }

    private static AwsHttpRequest chunked(AwsHttpRequest request, ProtocolErrors errors, ChunkSignatureVerifier verifier,
                                          Map<String, String> trailerSink) {
        long decodedLength = -1;
        String declared = request.header("x-amz-decoded-content-length");
        if (declared != null) {
            try {
                decodedLength = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw errors.invalidArgument("x-amz-decoded-content-length must be a number, got '" + declared + "'");
            }
            if (decodedLength < 0) {
                throw errors.invalidArgument("x-amz-decoded-content-length must not be negative");
            }
        }
        long length = decodedLength;
        Supplier<InputStream> body = () -> new AwsChunkedInputStream(request.body(), errors, verifier, length,
                trailerSink);
        return new AuthenticatedHttpRequest(request, body, true, length);
    }

    private static byte[] readBounded(InputStream in, ProtocolErrors errors) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BUFFERED_BODY + 1);
            if (bytes.length > MAX_BUFFERED_BODY) {
                throw errors.tooLarge(MAX_BUFFERED_BODY);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * Whether {@code originalUri} is this very request in virtual-host form, as the gateway records it when it turns
     * {@code <bucket>.host/key} into path style: the Host names the bucket the path starts with, and the URI is the
     * path without that bucket, with the same query. Only then is it what the client signed; a client-sent URI of any
     * other shape is ignored, so that nobody can have a signature checked against a request other than the one made.
     */
    static boolean isVirtualHostFormOf(String originalUri, String rawPath, String rawQuery, String host) {
        if (originalUri.isEmpty() || host == null || rawPath == null || !rawPath.startsWith("/")) {
            return false;
        }
        int slash = rawPath.indexOf('/', 1);
        String bucket = rawPath.substring(1, slash < 0 ? rawPath.length() : slash);
        String rest = slash < 0 ? "/" : rawPath.substring(slash);
        int q = originalUri.indexOf('?');
        String path = q < 0 ? originalUri : originalUri.substring(0, q);
        String query = q < 0 ? null : originalUri.substring(q + 1);
        return !bucket.isEmpty() && host.toLowerCase(java.util.Locale.ROOT).startsWith(bucket + ".")
                && path.equals(rest) && java.util.Objects.equals(emptyToNull(query), emptyToNull(rawQuery));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
