package dev.overcast.s3;

import dev.overcast.common.testing.TestDatabase;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 service started once per test JVM and database — by default the shared embedded PostgreSQL, or any other
 * (a Testcontainers PostgreSQL where a Docker engine exists) — and SDK clients for it.
 */
public final class S3TestService {

    private static final Map<String, S3TestService> STARTED = new ConcurrentHashMap<>();

    /** A destination ARN whose events the service POSTs to {@link #NOTIFICATION_ENDPOINT_PORT} on localhost. */
    public static final String NOTIFICATION_ENDPOINT_QUEUE = "arn:aws:sqs:us-east-1:000000000000:overcast-endpoint-queue";
    /** A topic ARN mapped to the same endpoint (its events come as SNS notifications). */
    public static final String NOTIFICATION_ENDPOINT_TOPIC = "arn:aws:sns:us-east-1:000000000000:overcast-endpoint-topic";
    /** Access keys of account 222222222222 whose principals are tagged team=blue, level=3 and team=red. */
    public static final String TAGGED_BLUE = "AKIATAGGEDBLUE00001";
    public static final String TAGGED_RED = "AKIATAGGEDRED000001";
    /** A free port when the service started, for the test's own HTTP server. */
    public static final int NOTIFICATION_ENDPOINT_PORT = freePort();

    private final int port;
    private final ConfigurableApplicationContext context;

    private S3TestService(String jdbcUrl, String user, String password) {
        context = S3Application.builder().properties(Map.ofEntries(
                Map.entry("spring.datasource.url", jdbcUrl),
                Map.entry("spring.datasource.username", user),
                Map.entry("spring.datasource.password", password),
                Map.entry("server.port", 0),
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("overcast.s3.inline-limit", 4096),
                Map.entry("overcast.s3.blob-table-min", 2 * 1024 * 1024),
                Map.entry("overcast.notification.delivery-interval", "100ms"),
                // access keys of another account whose principals carry tags (aws:PrincipalTag conditions)
                Map.entry("overcast.accounts", TAGGED_BLUE + "=222222222222," + TAGGED_RED + "=222222222222"),
                Map.entry("overcast.principal-tags", TAGGED_BLUE + ":team=blue;level=3," + TAGGED_RED + ":team=red"),
                // a bus that never answers: events are recorded in the outbox (and stay there for the tests to read)
                Map.entry("overcast.bus.bootstrap", "127.0.0.1:1"),
                Map.entry("overcast.notification-endpoints", NOTIFICATION_ENDPOINT_QUEUE + "=http://127.0.0.1:"
                        + NOTIFICATION_ENDPOINT_PORT + "/queue," + NOTIFICATION_ENDPOINT_TOPIC + "=http://127.0.0.1:"
                        + NOTIFICATION_ENDPOINT_PORT + "/topic"))).run();
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** The service on the shared embedded PostgreSQL. */
    public static S3TestService embedded() {
        return on(TestDatabase.jdbcUrl("s3"), "postgres", "");
    }

    /** The service on the given database (started on first use). */
    public static S3TestService on(String jdbcUrl, String user, String password) {
        return STARTED.computeIfAbsent(jdbcUrl, url -> new S3TestService(url, user, password));
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://localhost:" + port);
    }

    public S3Client newClient(String accessKey, String region) {
        return S3Client.builder()
                .endpointOverride(uri())
                .forcePathStyle(true)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static int port() {
        return embedded().port;
    }

    /** The service's database, for tests that check what is (not) left behind. */
    /** Deletes the chunks of every orphaned blob now, as the background sweeper does every second. */
    /**
     * The value once {@code done} holds for it, asked again every 200 ms for a minute at the most; the last value when
     * the minute runs out, for the caller's assertion to show.
     */
    public static <T> T await(java.util.function.Supplier<T> value, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        T v = value.get();
        while (!done.test(v) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            v = value.get();
        }
        return v;
    }

    public static void sweepOrphanedBlobs() {
        embedded().context.getBean(dev.overcast.s3.object.ChunkStore.class).sweepOrphans();
    }

    /** The chunk rows a blob has now, wherever they are: in the shared table or in its own. */
    public static long chunkRows(long blobId) {
        var jdbc = jdbc();
        long rows = jdbc.queryForObject("select count(*) from s3.object_chunk where blob_id = ?", Long.class, blobId);
        if (jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, "s3.blob_" + blobId)) {
            rows += jdbc.queryForObject("select count(*) from s3.blob_" + blobId, Long.class);
        }
        return rows;
    }

    /** A bean of the started service (its clock, its sweepers). */
    public static <T> T bean(Class<T> type) {
        return embedded().context.getBean(type);
    }

    public static org.springframework.jdbc.core.JdbcTemplate jdbc() {
        return embedded().context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
    }

    /** A fresh, valid bucket name. */
    public static String bucketName() {
        return "b-" + java.util.UUID.randomUUID().toString().substring(0, 18);
    }

    public static URI endpoint() {
        return embedded().uri();
    }

    public static S3Client client() {
        return client("000000000000", "us-east-1");
    }

    public static S3Client client(String accessKey, String region) {
        return embedded().newClient(accessKey, region);
    }
}
