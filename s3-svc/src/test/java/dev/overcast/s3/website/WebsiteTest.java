package dev.overcast.s3.website;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Static website hosting: the configuration through the SDK, and the website endpoint ({@code <bucket>.s3-website…}
 * hosts) serving index documents, routed redirects, the folder redirect, error documents and S3's HTML error pages.
 */
class WebsiteTest {

    private static final S3Client S3 = S3TestService.client();

    /** An HTTP/1.1 exchange with a Host header of our choosing (the JDK clients refuse to set it). */
    record Answer(int status, Map<String, String> headers, String body) {
    }

    static Answer get(String host, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", S3TestService.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }

    private static String dechunk(String body) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        while (true) {
            int nl = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, nl).trim(), 16);
            if (size == 0) {
                return sb.toString();
            }
            sb.append(body, nl + 2, nl + 2 + size);
            at = nl + 2 + size + 2;
        }
    }

    private static void put(String bucket, String key, String body, String type) {
        S3.putObject(b -> b.bucket(bucket).key(key).contentType(type), RequestBody.fromString(body));
    }

    @Test
    void websiteServesIndexRoutedRedirectsAndErrorDocuments() throws IOException {
        String bucket = S3TestService.bucketName();
        String host = bucket + ".s3-website-us-east-1.localhost";
        S3.createBucket(b -> b.bucket(bucket));
        assertThat(get(host, "/").status()).isEqualTo(404);
        assertThat(get(host, "/").body()).contains("<li>Code: NoSuchWebsiteConfiguration</li>");
        assertFailure(failure(() -> S3.getBucketWebsite(b -> b.bucket(bucket))), 404, "NoSuchWebsiteConfiguration",
                "The specified bucket does not have a website configuration");
        assertFailure(failure(() -> S3.putBucketWebsite(b -> b.bucket(bucket).websiteConfiguration(w -> w
                .indexDocument(i -> i.suffix("a/index.html"))))), 400, "InvalidArgument",
                "The IndexDocument Suffix is not well formed");

        S3.putBucketWebsite(b -> b.bucket(bucket).websiteConfiguration(w -> w
                .indexDocument(i -> i.suffix("index.html")).errorDocument(e -> e.key("error.html"))
                .routingRules(r -> r.condition(c -> c.keyPrefixEquals("docs/")).redirect(d -> d.replaceKeyPrefixWith("documents/")),
                        r -> r.condition(c -> c.httpErrorCodeReturnedEquals("404").keyPrefixEquals("old/"))
                                .redirect(d -> d.hostName("example.com").httpRedirectCode("302")))));
        var got = S3.getBucketWebsite(b -> b.bucket(bucket));
        assertThat(got.indexDocument().suffix()).isEqualTo("index.html");
        assertThat(got.routingRules()).hasSize(2);

        put(bucket, "index.html", "<h1>home</h1>", "text/html");
        put(bucket, "about/index.html", "<h1>about</h1>", "text/html");
        put(bucket, "error.html", "<h1>oops</h1>", "text/html");
        put(bucket, "old/kept.txt", "kept", "text/plain");
        // not public yet: the website endpoint serves only what a policy grants everyone
        assertThat(get(host, "/").status()).isEqualTo(403);
        S3.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}"));

        Answer home = get(host, "/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).isEqualTo("<h1>home</h1>");
        assertThat(home.headers()).containsEntry("content-type", "text/html");
        assertThat(get(host, "/about/").body()).isEqualTo("<h1>about</h1>");
        Answer folder = get(host, "/about");
        assertThat(folder.status()).isEqualTo(302);
        assertThat(folder.headers()).containsEntry("location", "/about/");
        Answer routed = get(host, "/docs/guide.html");
        assertThat(routed.status()).isEqualTo(301);
        assertThat(routed.headers()).containsEntry("location", "http://" + host + "/documents/guide.html");
        Answer gone = get(host, "/old/missing.txt");
        assertThat(gone.status()).isEqualTo(302);
        assertThat(gone.headers()).containsEntry("location", "http://example.com/old/missing.txt");
        assertThat(get(host, "/old/kept.txt").body()).isEqualTo("kept");
        S3.putObject(b -> b.bucket(bucket).key("moved.html").websiteRedirectLocation("/index.html"),
                RequestBody.fromString(""));
        assertThat(S3.headObject(b -> b.bucket(bucket).key("moved.html")).websiteRedirectLocation()).isEqualTo("/index.html");
        Answer moved = get(host, "/moved.html");
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.headers()).containsEntry("location", "/index.html");
        Answer missing = get(host, "/nothing.html");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("<h1>oops</h1>");

        S3.putBucketWebsite(b -> b.bucket(bucket).websiteConfiguration(w -> w
                .redirectAllRequestsTo(r -> r.hostName("www.example.org").protocol("https"))));
        Answer all = get(bucket + ".s3-website.localhost", "/a/b");
        assertThat(all.status()).isEqualTo(301);
        assertThat(all.headers()).containsEntry("location", "https://www.example.org/a/b");
        S3.deleteBucketWebsite(b -> b.bucket(bucket));
        assertThat(get(host, "/").status()).isEqualTo(404);
    }
}
