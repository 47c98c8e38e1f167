package dev.overcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;

/**
 * Starts the gateway the way the sandbox does (its own context, MVC/JDBC/Flyway on the classpath) in
 * front of stub services, and drives it with a plain HTTP client.
 */
class GatewayRoutingTest {

    private static StubService s3;
    private static StubService alpha;
    private static StubService beta;
    private static int downPort;
    private static ConfigurableApplicationContext gateway;
    private static int port;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        s3 = new StubService("s3");
        alpha = new StubService("alpha");
        beta = new StubService("beta");
        try (ServerSocket free = new ServerSocket(0)) {
            downPort = free.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", "0");
        props.put("overcast.gateway.services.s3.url", s3.url());
        props.put("overcast.gateway.services.alpha.url", alpha.url());
        props.put("overcast.gateway.services.alpha.target-prefixes", "Alpha_20200101,AlphaStreams_20200101");
        props.put("overcast.gateway.services.alpha.signing-names", "alpha");
        props.put("overcast.gateway.services.beta.url", beta.url() + "/");
        props.put("overcast.gateway.services.beta.signing-names", "beta");
        props.put("overcast.gateway.services.beta.path-prefixes", "/v1/clusters,/api/v2/clusters");
        props.put("overcast.gateway.services.down.url", "http://127.0.0.1:" + downPort);
        props.put("overcast.gateway.services.down.target-prefixes", "Down_20200101");
        gateway = GatewayApplication.builder()
                .properties(props)
                .run();
        port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        for (StubService stub : new StubService[] {s3, alpha, beta}) {
            if (stub != null) {
                stub.close();
            }
        }
    }

    private static URI uri(String rawPathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + rawPathAndQuery);
    }

    private static HttpRequest.Builder request(String rawPathAndQuery) {
        return HttpRequest.newBuilder(uri(rawPathAndQuery)).timeout(Duration.ofSeconds(60));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, BodyHandlers.ofString());
    }

    private static List<String> lines(HttpResponse<String> response) {
        return response.body().lines().toList();
    }

    /** As the sandbox starts it: from the build's AOT code, no configuration class parsed at start (half its start-up). */
    @Test
    void startsFromTheBuildsAotCode() {
        assertThat(gateway.containsBeanDefinition(AnnotationConfigUtils.CONFIGURATION_ANNOTATION_PROCESSOR_BEAN_NAME)).isFalse();
        assertThat(gateway.containsBean("overcastGatewayFilter")).isTrue();
    }

    @Test
    void routesByTargetPrefix() throws Exception {
        var r = send(request("/").header("X-Amz-Target", "Alpha_20200101.PutItem")
                .POST(BodyPublishers.ofString("{}")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lines(r)).contains("service=alpha", "method=POST", "uri=/", "bodyBytes=2");
        var streams = send(request("/").header("X-Amz-Target", "AlphaStreams_20200101.GetRecords")
                .POST(BodyPublishers.ofString("{}")).build());
        assertThat(lines(streams)).contains("service=alpha");
        // a target prefix nobody claims is a service this deployment does not run: never the default (S3)
        var unknown = send(request("/").header("X-Amz-Target", "Nobody_1.Op").header("Content-Type", "application/x-amz-json-1.1")
                .POST(BodyPublishers.ofString("{}")).build());
        assertThat(unknown.statusCode()).isEqualTo(501);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(unknown.body()).startsWith("{\"__type\":\"NotImplemented\",\"message\":\"Nobody_1 (Nobody_1) is not available");
        var kms = send(request("/").header("X-Amz-Target", "TrentService.ListKeys")
                .header("Content-Type", "application/x-amz-json-1.1").POST(BodyPublishers.ofString("{}")).build());
        assertThat(kms.statusCode()).isEqualTo(501);
        assertThat(kms.body()).contains("AWS KMS (kms) is not available in this deployment");
    }

    @Test
    void routesBySigningNameFromHeaderAndPresignedQuery() throws Exception {
        String auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/beta/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abcdef0123";
        var r = send(request("/anything").header("Authorization", auth).header("X-Amz-Date", "20240101T000000Z").GET().build());
        assertThat(lines(r)).contains("service=beta", "uri=/anything", "header:authorization=" + auth,
                "header:x-amz-date=20240101T000000Z");
        String presigned = "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F20240101%2Fus-east-1%2Falpha%2Faws4_request"
                + "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00ff";
        var p = send(request(presigned).GET().build());
        assertThat(lines(p)).contains("service=alpha", "uri=" + presigned);
        String s3auth = auth.replace("/beta/", "/s3/");
        assertThat(lines(send(request("/b/k").header("Authorization", s3auth).GET().build()))).contains("service=s3");
    }

    @Test
    void routesByPathPrefixElseDefault() throws Exception {
        assertThat(lines(send(request("/v1/clusters").GET().build()))).contains("service=beta", "uri=/v1/clusters");
        assertThat(lines(send(request("/api/v2/clusters/arn%3Aaws%3Akafka?maxResults=5").GET().build())))
                .contains("service=beta", "uri=/api/v2/clusters/arn%3Aaws%3Akafka?maxResults=5");
        assertThat(lines(send(request("/v1/clustersx").GET().build()))).contains("service=s3");
        assertThat(lines(send(request("/").GET().build()))).contains("service=s3", "uri=/");
    }

    @Test
    void rawPathAndQueryHostAndHeadersPassUntouched() throws Exception {
        String raw = "/b/a%20b%2Bc%2Fd~e?prefix=x%2Fy&list-type=2";
        var r = send(request(raw).header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .header("x-amz-meta-Mixed", "Value With  Spaces").GET().build());
        List<String> lines = lines(r);
        assertThat(lines).contains("service=s3", "uri=" + raw, "header:host=127.0.0.1:" + port,
                "header:x-amz-content-sha256=UNSIGNED-PAYLOAD", "header:x-amz-meta-mixed=Value With  Spaces");
        assertThat(lines).noneMatch(l -> l.startsWith("header:x-forwarded") || l.startsWith("header:forwarded"));
        assertThat(lines).noneMatch(l -> l.startsWith("header:x-overcast-original-uri"));
        assertThat(r.headers().firstValue("ETag")).hasValue("\"0123abcd\"");
        assertThat(r.headers().firstValue("x-amz-request-id")).hasValue("REQ-s3");
    }

    @Test
    void virtualHostStyleBucketIsRewritten() throws Exception {
        String raw = "/dir/a%20b%2Bc?tagging";
        var r = send(request(raw).header("Host", "photos.s3.localhost:" + port).GET().build());
        assertThat(lines(r)).contains("service=s3", "uri=/photos" + raw, "header:host=photos.s3.localhost:" + port,
                "header:x-overcast-original-uri=" + raw);
        var plain = send(request("/photos/k").header("Host", "localhost:" + port).GET().build());
        assertThat(lines(plain)).contains("uri=/photos/k", "header:host=localhost:" + port);
        assertThat(lines(plain)).noneMatch(l -> l.startsWith("header:x-overcast-original-uri"));
        var dotted = send(request("/").header("Host", "my.bucket.localhost").GET().build());
        assertThat(lines(dotted)).contains("uri=/my.bucket/", "header:x-overcast-original-uri=/");
        // other services never get the bucket rewrite
        var other = send(request("/").header("Host", "photos.localhost").header("X-Amz-Target", "Alpha_20200101.X")
                .POST(BodyPublishers.ofString("{}")).build());
        assertThat(lines(other)).contains("service=alpha", "uri=/");
    }

    @Test
    void responseHeadersPassByteForByte() throws Exception {
        List<String> answer = rawGet("/headers", "127.0.0.1:" + port);
        assertThat(answer.getFirst()).startsWith("HTTP/1.1 200");
        // header names in lower case (the stub's server capitalises them its own way), values exactly as sent
        List<String> headers = answer.subList(1, answer.indexOf("")).stream()
                .map(h -> h.substring(0, h.indexOf(':')).toLowerCase(java.util.Locale.ROOT) + h.substring(h.indexOf(':')))
                .toList();
        assertThat(headers).contains("content-type: text/plain; charset=UTF-8", "x-amz-meta-twice: first",
                "x-amz-meta-twice: second", "content-length: 7", "etag: \"0123abcd\"");
        assertThat(answer.getLast()).isEqualTo("headers");
    }

    @Test
    void statusesAndHeadPassThrough() throws Exception {
        var notModified = send(request("/status/304").GET().build());
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("ETag")).hasValue("\"0123abcd\"");
        var failed = send(request("/status/412").GET().build());
        assertThat(failed.statusCode()).isEqualTo(412);
        assertThat(failed.body()).isEqualTo("<Error><Code>PreconditionFailed</Code></Error>");
        var partial = send(request("/status/206").header("Range", "bytes=0-3").GET().build());
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.headers().firstValue("Content-Range")).hasValue("bytes 0-3/10");
        assertThat(partial.body()).isEqualTo("abcd");
        var head = http.send(request("/b/k").method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("12345");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void otherServicesGetTheGatewaysPermissiveCors() throws Exception {
        var preflight = send(request("/").method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-amz-date,x-amz-target,authorization").build());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT, POST, DELETE, HEAD");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("content-type,x-amz-date,x-amz-target,authorization");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();
        var rest = send(request("/v1/clusters").method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "GET").build());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(rest.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
        var post = send(request("/").header("Origin", "http://app.example")
                .header("X-Amz-Target", "Alpha_20200101.PutItem").POST(BodyPublishers.ofString("{}")).build());
        assertThat(lines(post)).contains("service=alpha", "header:origin=http://app.example");
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://app.example");
        assertThat(post.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("ETag", "x-amz-request-id", "x-amz-version-id", "x-amzn-RequestId", "Content-Range");
        var noOrigin = send(request("/").header("X-Amz-Target", "Alpha_20200101.PutItem")
                .POST(BodyPublishers.ofString("{}")).build());
        assertThat(noOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void s3BucketRequestsPassCorsThroughToS3() throws Exception {
        var preflight = send(request("/b/k").method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type,x-amz-date").build());
        assertThat(lines(preflight)).contains("service=s3", "method=OPTIONS", "uri=/b/k",
                "header:origin=http://app.example", "header:access-control-request-method=PUT",
                "header:access-control-request-headers=content-type,x-amz-date");
        assertThat(lines(preflight)).noneMatch(l -> l.startsWith("header:x-overcast-preflight"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        var virtualHost = send(request("/k").method("OPTIONS", BodyPublishers.noBody())
                .header("Host", "photos.s3.localhost:" + port)
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "GET").build());
        assertThat(lines(virtualHost)).contains("service=s3", "method=OPTIONS", "uri=/photos/k",
                "header:access-control-request-method=GET");
        var get = send(request("/b/k").header("Origin", "http://app.example").GET().build());
        assertThat(lines(get)).contains("service=s3", "header:origin=http://app.example");
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void healthReportsEachService() throws Exception {
        var r = send(request("/_overcast/health").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body().replace(" ", "");
        assertThat(body).contains("\"status\":\"DEGRADED\"",
                "\"s3\":{\"url\":\"" + s3.url() + "\",\"status\":\"UP\"}",
                "\"alpha\":{\"url\":\"" + alpha.url() + "\",\"status\":\"UP\"}",
                "\"beta\":{\"url\":\"" + beta.url() + "\",\"status\":\"UP\"}",
                "\"down\":{\"url\":\"http://127.0.0.1:" + downPort + "\",\"status\":\"DOWN\"}");
        var ready = send(request("/_overcast/health/ready").GET().build());
        assertThat(ready.statusCode()).isEqualTo(503); // a service is down: not ready
        assertThat(ready.body().replace(" ", "")).contains("\"status\":\"DEGRADED\"", "\"down\":{");
        assertThat(send(request("/actuator/health").GET().build()).body()).contains("\"status\":\"UP\"");
        var prometheus = send(request("/actuator/prometheus").GET().build());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_");
    }

    @Test
    void unreachableServiceGives503() throws Exception {
        var r = send(request("/").header("X-Amz-Target", "Down_20200101.Op").POST(BodyPublishers.ofString("{}")).build());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("ServiceUnavailable");
    }

    @Test
    void largeUploadAndDownloadStream() throws Exception {
        long size = 64L * 1024 * 1024;
        var upload = send(request("/big/object").PUT(BodyPublishers.fromPublisher(
                BodyPublishers.ofInputStream(() -> new ZeroStream(size)), size)).build());
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(lines(upload)).contains("method=PUT", "header:content-length=" + size, "bodyBytes=" + size);
        var download = http.send(request("/download/" + size).GET().build(), BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        long received = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
            }
        }
        assertThat(received).isEqualTo(size);
    }

    @Test
    void expectContinueHandshake() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(("PUT /b/continued HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).startsWith("HTTP/1.1 100");
            String line;
            while (!(line = in.readLine()).isEmpty()) {
                // interim response headers
            }
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
            List<String> rest = new ArrayList<>();
            while ((line = in.readLine()) != null) {
                rest.add(line);
            }
            assertThat(rest).contains("method=PUT", "bodyBytes=5", "uri=/b/continued");
        }
    }

    @Test
    void requestTargetsAUriCannotHoldStillReachTheService() throws Exception {
        // a key starting with '/' in virtual-host style, and a raw '|' (Tomcat lets it through for AWS clients)
        List<String> answer = rawGet("/%2Fk?x=a|b", "photos.s3.localhost:" + port);
        assertThat(answer.getFirst()).startsWith("HTTP/1.1 200");
        assertThat(answer).contains("service=s3", "uri=/photos/%2Fk?x=a%7Cb");
        // a path-style target starting with "//" reaches the service as sent (the stub's HTTP server takes "//k" for
        // an authority without a path, and says so: that answer is proof enough it got there)
        answer = rawGet("//k", "127.0.0.1:" + port);
        assertThat(answer.getFirst()).startsWith("HTTP/1.1 404");
        assertThat(String.join("\n", answer)).contains("No context found");
    }

    private static List<String> rawGet(String target, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            return in.lines().toList();
        }
    }

    @Test
    void manyConcurrentSmallRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                int n = i;
                results.add(pool.submit(() -> send(request("/c/k" + n).PUT(BodyPublishers.ofString("x" + n)).build()).statusCode()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code size} zero bytes, generated on the fly. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
