package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * kill -9 of a DynamoDB service process (a second replica on the tests' database, in a child JVM) while many threads
 * write through it, so that its writes are grouped: afterwards every acknowledged write is there, and of the writes
 * never acknowledged none is there in part (a BatchWriteItem's items are all there or none).
 */
class GroupCommitKillTest {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static final int THREADS = 12;
    private static final int BATCH = 4;

    private static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("000000000000", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                // no retries: a write is acknowledged only by the answer to the one request that carried it
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Process startReplica() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), DynamoDbApplication.class.getName(),
                "--spring.datasource.url=" + TestDatabase.jdbcUrl("dynamodb"), "--server.port=0",
                "--spring.main.banner-mode=off")).redirectErrorStream(true);
        return builder.start();
    }

    /** Reads the child's output until Tomcat's port, then keeps draining it. */
    private static int awaitPort(Process child) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // keep the pipe flowing
                        }
                    } catch (java.io.IOException killed) {
                        // the child is gone
                    }
                });
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the DynamoDB replica did not start:\n" + seen);
    }

    @Test
    void acknowledgedGroupedWritesSurviveKillDashNineAndNoneIsPartial() throws Exception {
        DynamoDbClient survivor = DynamoDbTestService.client();
        String table = DynamoDbTestService.createTable(survivor, null);
        Queue<String> acked = new ConcurrentLinkedQueue<>();
        Process child = startReplica();
        try {
            String endpoint = "http://127.0.0.1:" + awaitPort(child);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger requests = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread.ofPlatform().daemon().start(() -> {
                    try (DynamoDbClient ddb = client(endpoint)) {
                        for (int i = 0; !stop.get(); i++) {
                            String id = thread + "-" + i;
                            if (i % 2 == 0) {
                                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("single-" + id), "batch", s(id))));
                                acked.add("single-" + id);
                            } else {
                                List<WriteRequest> puts = new ArrayList<>();
                                for (int k = 0; k < BATCH; k++) {
                                    Map<String, AttributeValue> item = Map.of("pk", s("batch-" + id + "-" + k), "batch", s(id));
                                    puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                                }
                                ddb.batchWriteItem(b -> b.requestItems(Map.of(table, puts)));
                                for (int k = 0; k < BATCH; k++) {
                                    acked.add("batch-" + id + "-" + k);
                                }
                            }
                            requests.incrementAndGet();
                        }
                    } catch (RuntimeException killed) {
                        // the replica went away under the request: it was never acknowledged
                    } finally {
                        done.countDown();
                    }
                });
            }
            while (requests.get() < 300) {
                Thread.sleep(20);
            }
            child.destroyForcibly(); // SIGKILL mid-load: no shutdown hook runs, open transactions are cut off
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        Set<String> found = new HashSet<>();
        Map<String, Integer> perBatch = new HashMap<>();
        survivor.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
            String pk = item.get("pk").s();
            found.add(pk);
            if (pk.startsWith("batch-")) {
                perBatch.merge(item.get("batch").s(), 1, Integer::sum);
            }
        });
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(found);
        assertThat(lost).as("acknowledged writes missing after kill -9").isEmpty();
        assertThat(perBatch).as("BatchWriteItem requests applied in part").allSatisfy((batch, count) ->
                assertThat(count).as(batch).isEqualTo(BATCH));
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    }
}
