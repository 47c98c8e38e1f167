package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw HTTP against the test service, for asserting S3's exact error XML and status: signed with SigV4 as the default
 * account in us-east-1 (payload unsigned) unless the headers carry an Authorization of their own, or {@link #anonymous}.
 */
public final class RawS3 {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private RawS3() {
    }

    public static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return send(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public static HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        return HTTP.send(request(method, path, body, headers, "000000000000").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An unsigned request: the anonymous principal, what only a policy or an ACL may let in. */
    public static HttpResponse<String> anonymous(String method, String path, String body, String... headers)
            throws Exception {
        byte[] bytes = body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return HTTP.send(request(method, path, bytes, headers, null).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The request as the JDK's client sends it, signed for the access key (null: unsigned) when it has no
     * Authorization header or presigned query of its own.
     */
    public static HttpRequest.Builder request(String method, String path, byte[] body, String[] headers,
                                              String accessKey) {
        URI uri = URI.create(S3TestService.endpoint() + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        boolean signs = accessKey != null && (uri.getRawQuery() == null || !uri.getRawQuery().contains("Signature="));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            unsigned.appendHeader(headers[i], headers[i + 1]);
            signs &= !headers[i].equalsIgnoreCase("Authorization");
        }
        if (!signs) {
            return b;
        }
        if (unsigned.firstMatchingHeader("x-amz-content-sha256").isEmpty()) {
            unsigned.putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
            b.header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        }
        SdkHttpRequest signed = SIGNER.sign(r -> r.request(unsigned.build())
                .identity(AwsCredentialsIdentity.create(accessKey, "secret"))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request();
        for (String name : new String[] {"Authorization", "X-Amz-Date"}) {
            signed.firstMatchingHeader(name).ifPresent(v -> b.setHeader(name, v));
        }
        return b;
    }

    /**
     * The signing headers of a request with no other headers, as raw HTTP header lines (each ending in CRLF), for
     * tests that write requests to a socket themselves.
     */
    public static String signedHeaderLines(String method, String path) {
        HttpRequest r = request(method, path, null, new String[0], "000000000000").build();
        StringBuilder lines = new StringBuilder();
        for (String name : new String[] {"Authorization", "X-Amz-Date", "x-amz-content-sha256"}) {
            r.headers().firstValue(name).ifPresent(v -> lines.append(name).append(": ").append(v).append("\r\n"));
        }
        return lines.toString();
    }

    public static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("<Error>").contains("<Code>" + code + "</Code>").contains("<RequestId>");
        assertThat(response.headers().firstValue("x-amz-request-id")).isPresent();
    }

    /** The text of the first element with this name in an XML body. */
    public static String element(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        int end = xml.indexOf("</" + name + ">");
        return start < 0 || end < 0 ? null : xml.substring(start + name.length() + 2, end);
    }
}
