package dev.overcast.common.auth;

import dev.overcast.common.protocol.TestHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignerProperty;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the SDK's own SigV4 signer and turns them into what a server receives. */
final class SdkSigning {

    static final Instant SIGNING_TIME = Instant.parse("2026-01-15T12:00:00Z");
    static final String AKID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private String service = "s3";
    private String region = "eu-west-1";
    private String method = "GET";
    private String uri = "https://s3.eu-west-1.amazonaws.com/bucket/key";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;
    private Duration presign;
    private Boolean payloadSigning;
    private boolean chunked;
    private ChecksumAlgorithm checksum;
    private String akid = AKID;
    private String secret = SECRET;
    private Instant time = SIGNING_TIME;

    static SdkSigning s3(String method, String uri) {
        return new SdkSigning().service("s3").method(method).uri(uri);
    }

    static SdkSigning dynamodb(String body) {
        return new SdkSigning().service("dynamodb").method("POST").uri("https://dynamodb.eu-west-1.amazonaws.com/")
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    SdkSigning service(String s) {
        return set(() -> service = s);
    }

    SdkSigning region(String r) {
        return set(() -> region = r);
    }

    SdkSigning method(String m) {
        return set(() -> method = m);
    }

    SdkSigning uri(String u) {
        return set(() -> uri = u);
    }

    SdkSigning header(String name, String value) {
        return set(() -> headers.put(name, value));
    }

    SdkSigning body(byte[] b) {
        return set(() -> body = b);
    }

    SdkSigning presign(Duration expires) {
        return set(() -> presign = expires);
    }

    SdkSigning payloadSigning(boolean enabled) {
        return set(() -> payloadSigning = enabled);
    }

    SdkSigning chunked() {
        return set(() -> chunked = true);
    }

    SdkSigning checksum(ChecksumAlgorithm algorithm) {
        return set(() -> checksum = algorithm);
    }

    SdkSigning credentials(String accessKeyId, String secretKey) {
        return set(() -> {
            akid = accessKeyId;
            secret = secretKey;
        });
    }

    SdkSigning at(Instant signingTime) {
        return set(() -> time = signingTime);
    }

    private SdkSigning set(Runnable change) {
        change.run();
        return this;
    }

    /** The signed request as the SDK would put it on the wire. */
    TestHttpRequest sign() {
        SdkHttpRequest.Builder req = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(uri));
        headers.forEach(req::putHeader);
        if (body != null) {
            req.putHeader("Content-Length", Integer.toString(body.length));
        }
        SignRequest.Builder<AwsCredentialsIdentity> sr = SignRequest.builder(AwsCredentialsIdentity.create(akid, secret))
                .request(req.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC));
        if (body != null) {
            sr.payload(ContentStreamProvider.fromByteArray(body));
        }
        if (service.equals("s3")) {
            sr.putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
        }
        if (presign != null) {
            sr.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presign);
        }
        putIfSet(sr, AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning);
        putIfSet(sr, AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked ? Boolean.TRUE : null);
        putIfSet(sr, AwsV4HttpSigner.CHECKSUM_ALGORITHM, checksum);
        SignedRequest signed = AwsV4HttpSigner.create().sign(sr.build());
        byte[] wire = signed.payload().map(SdkSigning::readAll).orElse(new byte[0]);
        return TestHttpRequest.fromSdk(signed.request(), wire);
    }

    private static <T> void putIfSet(SignRequest.Builder<AwsCredentialsIdentity> sr, SignerProperty<T> property,
                                     T value) {
        if (value != null) {
            sr.putProperty(property, value);
        }
    }

    private static byte[] readAll(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
