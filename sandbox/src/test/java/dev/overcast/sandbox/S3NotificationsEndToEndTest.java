package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import dev.overcast.common.testing.Boto3Scenario;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 event notifications through a started sandbox whose queue ARN {@value #QUEUE} is mapped to an HTTP endpoint of
 * the test ({@code overcast.notification-endpoints}): boto3 and the AWS CLI configure them (and meet S3's errors),
 * and the endpoint receives the test event and the events of the changes the configuration selects.
 */
class S3NotificationsEndToEndTest {

    static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:notify-endpoint";

    private static HttpServer endpoint;
    private static Sandbox sandbox;
    /** The event messages the endpoint received, as JSON text. */
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", exchange -> {
            RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
        sandbox = SharedSandbox.start(Map.of(
                "overcast.notification-endpoints", QUEUE + "=http://127.0.0.1:" + endpoint.getAddress().getPort() + "/events",
                "overcast.notification.delivery-interval", "100ms"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        endpoint.stop(0);
    }

    /** The messages received about the bucket, waiting until there are at least {@code count}. */
    private static List<String> received(String bucket, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> about = List.of();
        while (System.nanoTime() < deadline) {
            about = RECEIVED.stream().filter(m -> m.contains("\"" + bucket + "\"")).toList();
            if (about.size() >= count) {
                return about;
            }
            Thread.sleep(100);
        }
        return about;
    }

    private static List<String> eventNames(List<String> messages) {
        List<String> names = new ArrayList<>();
        for (String m : messages) {
            java.util.regex.Matcher match = java.util.regex.Pattern.compile("\"(?:eventName|Event)\":\"([^\"]+)\"")
                    .matcher(m);
            while (match.find()) {
                names.add(match.group(1));
            }
        }
        return names;
    }

    @Test
    void boto3ConfiguresNotificationsAndTheEndpointReceivesTheEvents() throws Exception {
        Boto3Scenario.run(S3NotificationsEndToEndTest.class, "s3_notifications.py", URI.create(sandbox.endpoint()));
        String bucket = RECEIVED.stream().map(m -> java.util.regex.Pattern.compile("notify-boto3-[0-9a-f]{12}").matcher(m))
                .filter(java.util.regex.Matcher::find).map(java.util.regex.Matcher::group).findFirst().orElseThrow();
        List<String> messages = received(bucket, 6);
        assertThat(eventNames(messages)).containsExactlyInAnyOrder("s3:TestEvent", "ObjectCreated:Put",
                "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete",
                "ObjectRemoved:Delete");
        assertThat(String.join("\n", messages)).contains("\"key\":\"in/one.txt\"").contains("\"configurationId\":\"to-endpoint\"")
                .doesNotContain("skipped.txt");
    }

    @Test
    void awsCliConfiguresNotifications() throws Exception {
        assumeThat(S3EndToEndTest.onPath("aws")).as("the AWS CLI (aws) is not installed on this machine").isTrue();
        String bucket = "notify-cli-" + UUID.randomUUID().toString().substring(0, 12);
        S3EndToEndTest.cli(temp, sandbox.endpoint(), "s3api", "create-bucket", "--bucket", bucket);
        Path config = temp.resolve("notification.json");
        Files.writeString(config, """
                {"QueueConfigurations": [{"Id": "cli", "QueueArn": "%s", "Events": ["s3:ObjectCreated:Put"],
                  "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".csv"}]}}}]}""".formatted(QUEUE));
        S3EndToEndTest.cli(temp, sandbox.endpoint(), "s3api", "put-bucket-notification-configuration", "--bucket", bucket,
                "--notification-configuration", "file://" + config, "--skip-destination-validation");
        String got = S3EndToEndTest.cli(temp, sandbox.endpoint(), "s3api", "get-bucket-notification-configuration",
                "--bucket", bucket);
        assertThat(got).contains("\"Id\": \"cli\"").contains(QUEUE).contains("\"Name\": \"Suffix\"").contains("\".csv\"");

        Files.writeString(config, """
                {"TopicConfigurations": [{"TopicArn": "arn:aws:sns:us-east-1:000000000000:t", "Events": ["s3:Object:Made"]}]}""");
        S3EndToEndTest.Result bad = S3EndToEndTest.run(List.of("aws", "--endpoint-url", sandbox.endpoint(), "--region",
                "us-east-1", "s3api", "put-bucket-notification-configuration", "--bucket", bucket,
                "--notification-configuration", "file://" + config), Map.of("AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"));
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("(InvalidArgument)").contains("The event is not supported for notifications");

        Path upload = temp.resolve("data.csv");
        Files.writeString(upload, "a,b\n");
        S3EndToEndTest.cli(temp, sandbox.endpoint(), "s3", "cp", upload.toString(), "s3://" + bucket + "/data.csv");
        S3EndToEndTest.cli(temp, sandbox.endpoint(), "s3", "cp", upload.toString(), "s3://" + bucket + "/data.txt");
        List<String> messages = received(bucket, 2);
        assertThat(eventNames(messages)).containsExactly("s3:TestEvent", "ObjectCreated:Put");
        assertThat(messages.get(1)).contains("\"key\":\"data.csv\"");
    }
}
