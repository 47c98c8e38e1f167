package dev.overcast.common.protocol;

import dev.overcast.common.error.AwsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

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
