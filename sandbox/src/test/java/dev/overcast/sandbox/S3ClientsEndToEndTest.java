package dev.overcast.sandbox;

import static dev.overcast.sandbox.S3EndToEndTest.cli;
import static dev.overcast.sandbox.S3EndToEndTest.onPath;
import static dev.overcast.sandbox.S3EndToEndTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Real clients' bulk paths through the gateway: the AWS CLI's high-level {@code s3} commands (cp of 100 MiB, sync
 * both ways, ls and rm --recursive), the SDK for Java v2's CRT-based async client under S3TransferManager, boto3's
 * presigned POST, and a browser's CORS preflight.
 */
class S3ClientsEndToEndTest {

    @TempDir
    Path temp;

    /** Writes {@code size} seeded random bytes to a file, a MiB at a time. */
    static Path randomFile(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1024 * 1024];
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    @Test
    void awsCliCopies100MiBUpAndDownByteIdentical() throws Exception {
        assumeThat(onPath("aws")).as("the AWS CLI (aws) is not installed on this machine").isTrue();
        String endpoint = SharedSandbox.get().endpoint();
        String bucket = "cp-" + UUID.randomUUID().toString().substring(0, 12);
        Path upload = randomFile(temp.resolve("up/big.bin"), 100L * 1024 * 1024, 11);
        Path download = temp.resolve("down/big.bin");
        cli(temp, endpoint, "s3", "mb", "s3://" + bucket);
        // default settings: 8 MiB multipart parts with the CLI's default checksums, parallel ranged GETs down
        cli(temp, endpoint, "s3", "cp", upload.toString(), "s3://" + bucket + "/big.bin");
        assertThat(cli(temp, endpoint, "s3api", "head-object", "--bucket", bucket, "--key", "big.bin"))
                .contains("\"ContentLength\": " + 100L * 1024 * 1024).contains("-13\\\"");
        cli(temp, endpoint, "s3", "cp", "s3://" + bucket + "/big.bin", download.toString());
        assertThat(Files.mismatch(upload, download)).isEqualTo(-1L);
        cli(temp, endpoint, "s3", "rm", "s3://" + bucket + "/big.bin");
        cli(temp, endpoint, "s3", "rb", "s3://" + bucket);
    }

    @Test
    void awsCliSyncsBothWaysListsAndRemovesRecursively() throws Exception {
        assumeThat(onPath("aws")).as("the AWS CLI (aws) is not installed on this machine").isTrue();
        String endpoint = SharedSandbox.get().endpoint();
        String bucket = "sync-" + UUID.randomUUID().toString().substring(0, 12);
        Path source = temp.resolve("source");
        randomFile(source.resolve("top.bin"), 1000, 1);
        randomFile(source.resolve("docs/readme.txt"), 10, 2);
        randomFile(source.resolve("docs/deep/nested/data.bin"), 9L * 1024 * 1024, 3);
        randomFile(source.resolve("docs/with space & symbols+.txt"), 77, 4);
        Files.createDirectories(source.resolve("empty-dir"));
        cli(temp, endpoint, "s3", "mb", "s3://" + bucket);

        String up = cli(temp, endpoint, "s3", "sync", source.toString(), "s3://" + bucket + "/tree");
        assertThat(up.lines().filter(l -> l.contains("upload:")).count()).as(up).isEqualTo(4);
        assertThat(cli(temp, endpoint, "s3", "sync", source.toString(), "s3://" + bucket + "/tree"))
                .as("a second sync transfers nothing").doesNotContain("upload:");

        String listing = cli(temp, endpoint, "s3", "ls", "--recursive", "s3://" + bucket);
        assertThat(listing).contains("tree/top.bin", "tree/docs/readme.txt", "tree/docs/deep/nested/data.bin",
                "tree/docs/with space & symbols+.txt", Long.toString(9L * 1024 * 1024));

        Path copy = temp.resolve("copy");
        String down = cli(temp, endpoint, "s3", "sync", "s3://" + bucket + "/tree", copy.toString());
        assertThat(down.lines().filter(l -> l.contains("download:")).count()).as(down).isEqualTo(4);
        assertThat(cli(temp, endpoint, "s3", "sync", "s3://" + bucket + "/tree", copy.toString()))
                .as("a second sync transfers nothing").doesNotContain("download:");
        assertSameFiles(source, copy);

        String removed = cli(temp, endpoint, "s3", "rm", "--recursive", "s3://" + bucket + "/tree");
        assertThat(removed.lines().filter(l -> l.contains("delete:")).count()).isEqualTo(4);
        assertThat(cli(temp, endpoint, "s3", "ls", "--recursive", "s3://" + bucket)).isBlank();
        cli(temp, endpoint, "s3", "rb", "s3://" + bucket);
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(expected)) {
            files = walk.filter(Files::isRegularFile).map(expected::relativize).sorted().toList();
        }
        try (Stream<Path> walk = Files.walk(actual)) {
            assertThat(walk.filter(Files::isRegularFile).map(actual::relativize).sorted().toList())
                    .containsExactlyElementsOf(files);
        }
        for (Path f : files) {
            assertThat(Files.mismatch(expected.resolve(f), actual.resolve(f))).as(f.toString()).isEqualTo(-1L);
        }
    }

    @Test
    void javaSdkCrtClientTransfers64MiBThroughTransferManager() throws Exception {
        assumeThat(crtLoads()).as("the AWS CRT's native library does not load on this machine").isTrue();
        String endpoint = SharedSandbox.get().endpoint();
        String bucket = "crt-" + UUID.randomUUID().toString().substring(0, 12);
        Clients.s3(endpoint).createBucket(b -> b.bucket(bucket));
        Path upload = randomFile(temp.resolve("up/crt.bin"), 64L * 1024 * 1024, 21);
        Path download = temp.resolve("down/crt.bin");
        try (S3AsyncClient crt = S3AsyncClient.crtBuilder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .minimumPartSizeInBytes(8L * 1024 * 1024)
                .build();
             S3TransferManager transfers = S3TransferManager.builder().s3Client(crt).build()) {
            transfers.uploadFile(u -> u.source(upload).putObjectRequest(p -> p.bucket(bucket).key("crt.bin")))
                    .completionFuture().join();
            Files.createDirectories(download.getParent());
            transfers.downloadFile(d -> d.destination(download).getObjectRequest(g -> g.bucket(bucket).key("crt.bin")))
                    .completionFuture().join();
        }
        S3Client s3 = Clients.s3(endpoint);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("crt.bin")).eTag()).as("uploaded in 8 MiB parts").endsWith("-8\"");
        assertThat(Files.mismatch(upload, download)).isEqualTo(-1L);
        s3.deleteObject(b -> b.bucket(bucket).key("crt.bin"));
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    private static boolean crtLoads() {
        try {
            CRT.getOSIdentifier();
            new CRT();
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    @Test
    void boto3PresignedPostUploadsThroughTheGateway() throws Exception {
        assumeThat(onPath("python3")).as("python3 is not installed on this machine").isTrue();
        assumeThat(run(List.of("python3", "-c", "import boto3"), Map.of()).exit()).as("boto3 is not installed").isZero();
        S3EndToEndTest.Result result = run(List.of("python3", "-c", PresignedPost.SCRIPT, SharedSandbox.get().endpoint(),
                "post-" + UUID.randomUUID().toString().substring(0, 12), "test", "test"), Map.of());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("presigned post ok");
    }

    @Test
    void browserPreflightIsAnsweredByTheBucketsCorsRules() throws Exception {
        String endpoint = SharedSandbox.get().endpoint();
        String bucket = "cors-" + UUID.randomUUID().toString().substring(0, 12);
        S3Client s3 = Clients.s3(endpoint);
        s3.createBucket(b -> b.bucket(bucket));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket + "/k"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "PUT").build();
        HttpResponse<String> before = http.send(preflight, HttpResponse.BodyHandlers.ofString());
        assertThat(before.statusCode()).isEqualTo(403);
        assertThat(before.body()).contains("<Code>AccessForbidden</Code>", "CORS is not enabled for this bucket");
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                .allowedOrigins("https://*.example.com").allowedMethods("PUT").maxAgeSeconds(60).build())));
        HttpResponse<String> after = http.send(preflight, HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(after.headers().firstValue("Access-Control-Allow-Methods")).hasValue("PUT");
        assertThat(after.headers().firstValue("Access-Control-Max-Age")).hasValue("60");
    }
}
