package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Real clients through the gateway of a started sandbox: the AWS SDK for Java v2, the AWS CLI and boto3. */
class S3EndToEndTest {

    static final int SIZE = 20 * 1024 * 1024;

    @TempDir
    Path temp;

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void javaSdkCreateUploadListDownloadDelete() {
        S3Client s3 = Clients.s3(SharedSandbox.get().endpoint());
        String bucket = "sdk-" + UUID.randomUUID().toString().substring(0, 12);
        byte[] data = randomBytes(SIZE, 42);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("big/file.bin"), RequestBody.fromBytes(data));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(S3Object::key, S3Object::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("big/file.bin", (long) SIZE));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big/file.bin")).asByteArray()).isEqualTo(data);
        s3.deleteObject(b -> b.bucket(bucket).key("big/file.bin"));
        s3.deleteBucket(b -> b.bucket(bucket));
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals(bucket));
    }

    @Test
    void healthAndMetricsOfEveryApplication() throws Exception {
        Sandbox sandbox = SharedSandbox.get();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String health = "";
        for (int attempt = 0; attempt < 10 && !health.contains("\"UP\""); attempt++) { // a cold service may miss one probe
            health = http.send(java.net.http.HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/_overcast/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(health).contains("\"s3\"").contains("\"status\":\"UP\"");
        java.net.http.HttpResponse<String> ready = http.send(java.net.http.HttpRequest.newBuilder(
                URI.create(sandbox.endpoint() + "/_overcast/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        for (int port : new int[]{sandbox.gatewayPort(), sandbox.s3Port()}) {
            java.net.http.HttpResponse<String> metrics = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/prometheus")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void virtualHostStyleAddressingThroughTheGateway() throws Exception {
        Sandbox sandbox = SharedSandbox.get();
        S3Client s3 = Clients.s3(sandbox.endpoint());
        String bucket = "vh-" + UUID.randomUUID().toString().substring(0, 12);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("dir/hello world.txt"), RequestBody.fromString("hello, virtual host"));
        // the raw requests below are unsigned: anonymous, so the object is readable by anyone, as a public site's is
        s3.putBucketPolicy(b -> b.bucket(bucket).policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
                "Resource":"arn:aws:s3:::%s/*"}]}""".formatted(bucket)));
        for (String host : List.of(bucket + ".s3.localhost", bucket + ".localhost")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sandbox.gatewayPort())) {
                socket.getOutputStream().write(("GET /dir/hello%20world.txt HTTP/1.1\r\nHost: " + host + ":"
                        + sandbox.gatewayPort() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello, virtual host");
            }
        }
    }

    @Test
    void awsCliCreateUploadListDownloadDelete() throws Exception {
        assumeThat(onPath("aws")).as("the AWS CLI (aws) is not installed on this machine").isTrue();
        String endpoint = SharedSandbox.get().endpoint();
        String bucket = "cli-" + UUID.randomUUID().toString().substring(0, 12);
        Path upload = temp.resolve("upload.bin");
        Files.write(upload, randomBytes(SIZE, 7));
        Path download = temp.resolve("download.bin");

        cli(temp, endpoint, "s3", "mb", "s3://" + bucket);
        cli(temp, endpoint, "s3api", "put-object", "--bucket", bucket, "--key", "data/upload.bin", "--body", upload.toString());
        cli(temp, endpoint, "s3", "cp", upload.toString(), "s3://" + bucket + "/data/copy.bin");
        String listing = cli(temp, endpoint, "s3", "ls", "s3://" + bucket + "/data/");
        assertThat(listing).contains("upload.bin").contains("copy.bin").contains(Integer.toString(SIZE));
        cli(temp, endpoint, "s3", "cp", "s3://" + bucket + "/data/upload.bin", download.toString());
        assertThat(Files.mismatch(upload, download)).isEqualTo(-1L);
        cli(temp, endpoint, "s3api", "get-object", "--bucket", bucket, "--key", "data/copy.bin", download.toString());
        assertThat(Files.mismatch(upload, download)).isEqualTo(-1L);
        // s3 cp went multipart (8 MiB parts by default: 3 of them) and comes back down in ranged parts
        assertThat(cli(temp, endpoint, "s3api", "head-object", "--bucket", bucket, "--key", "data/copy.bin")).contains("-3\\\"");
        Files.delete(download);
        cli(temp, endpoint, "s3", "cp", "s3://" + bucket + "/data/copy.bin", download.toString());
        assertThat(Files.mismatch(upload, download)).isEqualTo(-1L);
        cli(temp, endpoint, "s3", "rm", "s3://" + bucket + "/data/upload.bin");
        cli(temp, endpoint, "s3api", "delete-object", "--bucket", bucket, "--key", "data/copy.bin");
        cli(temp, endpoint, "s3", "rb", "s3://" + bucket);
        assertThat(cli(temp, endpoint, "s3", "ls")).doesNotContain(bucket);
    }

    @Test
    void awsCliVersioning() throws Exception {
        assumeThat(onPath("aws")).as("the AWS CLI (aws) is not installed on this machine").isTrue();
        String endpoint = SharedSandbox.get().endpoint();
        String bucket = "ver-" + UUID.randomUUID().toString().substring(0, 12);
        Path first = temp.resolve("first.txt");
        Path second = temp.resolve("second.txt");
        Files.writeString(first, "first version");
        Files.writeString(second, "second version");
        Path download = temp.resolve("version.txt");

        cli(temp, endpoint, "s3api", "create-bucket", "--bucket", bucket);
        cli(temp, endpoint, "s3api", "put-bucket-versioning", "--bucket", bucket,
                "--versioning-configuration", "Status=Enabled");
        assertThat(cli(temp, endpoint, "s3api", "get-bucket-versioning", "--bucket", bucket)).contains("\"Enabled\"");
        String v1 = jsonString(cli(temp, endpoint, "s3api", "put-object", "--bucket", bucket, "--key", "doc.txt",
                "--body", first.toString()), "VersionId");
        String v2 = jsonString(cli(temp, endpoint, "s3api", "put-object", "--bucket", bucket, "--key", "doc.txt",
                "--body", second.toString()), "VersionId");
        assertThat(v1).isNotNull().isNotEqualTo(v2);

        String versions = cli(temp, endpoint, "s3api", "list-object-versions", "--bucket", bucket);
        assertThat(versions.indexOf(v2)).as(versions).isPositive().isLessThan(versions.indexOf(v1)); // newest first
        cli(temp, endpoint, "s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", "--version-id", v1,
                download.toString());
        assertThat(Files.readString(download)).isEqualTo("first version");

        String deleted = cli(temp, endpoint, "s3api", "delete-object", "--bucket", bucket, "--key", "doc.txt");
        assertThat(deleted).contains("\"DeleteMarker\": true");
        String marker = jsonString(deleted, "VersionId");
        String after = cli(temp, endpoint, "s3api", "list-object-versions", "--bucket", bucket);
        assertThat(after).contains("\"DeleteMarkers\"").contains(marker);
        assertThat(cli(temp, endpoint, "s3api", "list-objects-v2", "--bucket", bucket)).doesNotContain("doc.txt");
        cli(temp, endpoint, "s3api", "get-object", "--bucket", bucket, "--key", "doc.txt", "--version-id", v2,
                download.toString());
        assertThat(Files.readString(download)).isEqualTo("second version");
        for (String id : List.of(v1, v2, marker)) {
            cli(temp, endpoint, "s3api", "delete-object", "--bucket", bucket, "--key", "doc.txt", "--version-id", id);
        }
        cli(temp, endpoint, "s3api", "delete-bucket", "--bucket", bucket);
    }

    /** The value of a string member in the CLI's JSON output. */
    private static String jsonString(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void boto3CreateUploadListDownloadDelete() throws Exception {
        assumeThat(onPath("python3")).as("python3 is not installed on this machine").isTrue();
        assumeThat(run(List.of("python3", "-c", "import boto3"), Map.of()).exit).as("boto3 is not installed").isZero();
        Path script = temp.resolve("scenario.py");
        Files.writeString(script, """
                import boto3, hashlib, os, sys
                s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                                  aws_access_key_id="test", aws_secret_access_key="test")
                bucket = sys.argv[2]
                data = os.urandom(5 * 1024 * 1024 + 17)
                s3.create_bucket(Bucket=bucket)
                s3.put_object(Bucket=bucket, Key="k/one", Body=data, Metadata={"origin": "boto3"})
                listed = s3.list_objects_v2(Bucket=bucket, Prefix="k/")
                assert [o["Key"] for o in listed["Contents"]] == ["k/one"], listed
                got = s3.get_object(Bucket=bucket, Key="k/one")
                assert got["Body"].read() == data
                assert got["Metadata"] == {"origin": "boto3"}, got["Metadata"]
                try:
                    s3.get_object(Bucket=bucket, Key="missing")
                    raise SystemExit("expected NoSuchKey")
                except s3.exceptions.NoSuchKey:
                    pass
                # multipart through s3transfer (5 MiB parts, threads), ranged download
                import io
                from boto3.s3.transfer import TransferConfig
                config = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
                big = os.urandom(12 * 1024 * 1024 + 5)
                s3.upload_fileobj(io.BytesIO(big), bucket, "k/big", Config=config)
                head = s3.head_object(Bucket=bucket, Key="k/big")
                assert head["ETag"].endswith('-3"'), head["ETag"]
                out = io.BytesIO()
                s3.download_fileobj(bucket, "k/big", out, Config=config)
                assert out.getvalue() == big
                # copy, tagging, conditional put, batch delete
                s3.copy_object(Bucket=bucket, Key="k/copy", CopySource={"Bucket": bucket, "Key": "k/one"},
                               TaggingDirective="REPLACE", Tagging="a=1")
                assert s3.get_object_tagging(Bucket=bucket, Key="k/copy")["TagSet"] == [{"Key": "a", "Value": "1"}]
                try:
                    s3.put_object(Bucket=bucket, Key="k/copy", Body=b"x", IfNoneMatch="*")
                    raise SystemExit("expected PreconditionFailed")
                except s3.exceptions.ClientError as e:
                    assert e.response["Error"]["Code"] == "PreconditionFailed", e.response
                deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k/one"}, {"Key": "k/big"},
                                                                            {"Key": "k/copy"}]})
                assert sorted(d["Key"] for d in deleted["Deleted"]) == ["k/big", "k/copy", "k/one"], deleted
                assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
                s3.delete_bucket(Bucket=bucket)
                print("boto3 scenario ok")
                """);
        Result result = run(List.of("python3", script.toString(), SharedSandbox.get().endpoint(),
                "boto-" + UUID.randomUUID().toString().substring(0, 12)), Map.of());
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("boto3 scenario ok");
    }

    /** Runs the AWS CLI with default settings and test credentials; fails the test on a non-zero exit. */
    static String cli(Path temp, String endpoint, String... args) throws Exception {
        // Default CLI settings: files over 8 MB go up as multipart uploads and come down as parallel ranged GETs.
        Path config = temp.resolve("aws-config");
        Files.writeString(config, "[default]\n");
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint, "--region", "us-east-1"));
        command.addAll(List.of(args));
        Result result = run(command, Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", temp.resolve("no-credentials").toString()));
        assertThat(result.exit).as(String.join(" ", command) + "\n" + result.output).isZero();
        return result.output;
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
