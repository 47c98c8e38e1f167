package dev.overcast.common.protocol;

import dev.overcast.common.error.AwsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * An {@link SdkHttpClient} that hands what a real SDK client sends to a codec, the way the dispatcher does, and
 * replies with what the codec writes: no network.
 */
public final class CodecHarness implements SdkHttpClient {

    public final ProtocolCodec codec;
    public TestHttpRequest lastRequest;
    public Operation lastOperation;
    public SdkRequest lastDecoded;
    public TestHttpResponse lastResponse;
    /** What the "handler" answers. */
    public SdkResponse nextResponse;
    public AwsException nextError;

    public CodecHarness(ProtocolCodec codec) {
        this.codec = codec;
    }

    /**
     * Builds an SDK client that talks to this harness: a fixed endpoint and region, static credentials, no retries.
     * Anything else (e.g. S3 path style) is set on the builder passed in.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder
                .endpointOverride(URI.create("http://localhost:4566"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(this)
                .build();
    }

    /** The {@link AwsException} that {@code r} throws; fails when it throws none. */
    public static AwsException catchAws(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e;
        }
        throw new AssertionError("no AwsException");
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return execute(request);
            }

            @Override
            public void abort() {
            }
        };
    }

    private HttpExecuteResponse execute(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest http = request.httpRequest();
        byte[] body = new byte[0];
        if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
                body = in.readAllBytes();
            }
        }
        StringJoiner q = new StringJoiner("&");
        for (Map.Entry<String, List<String>> e : http.rawQueryParameters().entrySet()) {
            for (String v : e.getValue()) {
                q.add(enc(e.getKey()) + (v == null ? "" : "=" + enc(v)));
            }
        }
        TestHttpRequest req = new TestHttpRequest(http.method().name(), http.encodedPath().isEmpty() ? "/"
                : http.encodedPath(), q.toString(), http.headers(), body);
        lastRequest = req;
        lastOperation = null;
        lastDecoded = null;
        TestHttpResponse out = new TestHttpResponse();
        try {
            lastOperation = codec.route(req);
            lastDecoded = codec.readRequest(req, lastOperation);
            if (nextError != null) {
                throw nextError;
            }
            codec.writeResponse(nextResponse, lastOperation, req, out);
        } catch (AwsException e) {
            codec.writeError(e, req, "req-1", out);
        }
        lastResponse = out;
        SdkHttpFullResponse.Builder resp = SdkHttpFullResponse.builder().statusCode(out.status);
        out.headers.forEach(resp::putHeader);
        resp.putHeader("x-amzn-RequestId", "req-1");
        return HttpExecuteResponse.builder().response(resp.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(out.body.toByteArray())))
                .build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
