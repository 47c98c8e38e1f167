package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.ChildService;
import java.net.URI;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * kill -9 of a DynamoDB service process (a second replica on the tests' database, in a child JVM) while many threads
 * write through it, so that its writes are grouped: afterwards every acknowledged write is there, and of the writes
 * never acknowledged none is there in part (a BatchWriteItem's or a TransactWriteItems' items are all there or none);
 * a cancelled transaction wrote nothing.
 */
class GroupCommitKillTest {

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

    @Test
    void acknowledgedGroupedWritesSurviveKillDashNineAndNoneIsPartial() throws Exception {
        DynamoDbClient survivor = DynamoDbTestService.client();
        String table = DynamoDbTestService.createTable(survivor, null);
        Queue<String> acked = new ConcurrentLinkedQueue<>();
        try (ChildService child = ChildService.start(DynamoDbApplication.class, "dynamodb")) {
            String endpoint = child.endpoint();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger requests = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(THREADS);
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread.ofPlatform().daemon().start(() -> {
                    try (DynamoDbClient ddb = client(endpoint)) {
                        for (int i = 0; !stop.get(); i++) {
                            String id = thread + "-" + i;
                            if (i % 3 == 0) {
                                ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("single-" + id), "batch", s(id))));
                                acked.add("single-" + id);
                            } else if (i % 3 == 2) {
                                // a transaction of BATCH puts; every other one also checks an item that is not there
                                boolean failing = i % 2 == 1;
                                String prefix = failing ? "txfail-" : "tx-";
                                List<TransactWriteItem> items = new ArrayList<>();
                                for (int k = 0; k < BATCH; k++) {
                                    Map<String, AttributeValue> item = Map.of("pk", s(prefix + id + "-" + k), "batch", s(id));
                                    items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
                                }
                                if (failing) {
                                    items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                                            .key(Map.of("pk", s("nothing"))).conditionExpression("attribute_exists(pk)")).build());
                                }
                                try {
                                    ddb.transactWriteItems(b -> b.transactItems(items));
                                    for (int k = 0; k < BATCH; k++) {
                                        acked.add(prefix + id + "-" + k);
                                    }
                                } catch (TransactionCanceledException e) {
                                    cancelled.incrementAndGet();
                                }
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
            while (requests.get() < 300 || cancelled.get() < 10) {
                Thread.sleep(20);
            }
            child.kill(); // SIGKILL mid-load: no shutdown hook runs, open transactions are cut off
            stop.set(true);
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> found = new HashSet<>();
        Map<String, Integer> perBatch = new HashMap<>();
        survivor.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
            String pk = item.get("pk").s();
            found.add(pk);
            if (pk.startsWith("batch-") || pk.startsWith("tx")) {
                perBatch.merge(pk.substring(0, pk.indexOf('-')) + ":" + item.get("batch").s(), 1, Integer::sum);
            }
        });
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(found);
        assertThat(lost).as("acknowledged writes missing after kill -9").isEmpty();
        assertThat(perBatch).as("BatchWriteItem and TransactWriteItems requests applied in part").allSatisfy((batch, count) ->
                assertThat(count).as(batch).isEqualTo(BATCH));
        assertThat(perBatch.keySet()).as("cancelled transactions that wrote anything").noneMatch(k -> k.startsWith("txfail:"));
        assertThat(perBatch.keySet()).as("transactions acknowledged").anyMatch(k -> k.startsWith("tx:"));
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
    }
}
