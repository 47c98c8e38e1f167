package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.dynamodb.item.GroupedWrites;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemKey;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Group commit on a table with a stream: concurrent conditional writes, some failing, written in groups (held back on
 * item locks taken here, so that they queue and go together). The stream then holds a record for each write that
 * succeeded and for no other, exactly once, one item's records in the order its writes committed; the outbox holds
 * their events, in the records' order. Two rounds: the first group's records fit in the stream's first shard (written
 * in one statement), the second's do not (the tests split shards at 50 records: written one by one, across the split).
 */
class StreamGroupCommitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient ddb = DynamoDbTestService.clientWithoutRetries();
    private final DynamoDbStreamsClient streams = DynamoDbTestService.streams();

    private static int waitingForLocks(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("select count(*) from pg_locks where locktype = 'advisory' and not granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs the write; true when it succeeded, false when its condition failed. */
    private static Callable<Boolean> conditional(Runnable write) {
        return () -> {
            try {
                write.run();
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        };
    }

    /** One round of grouped writes and their outcomes. */
    private static final class Round {
        final String name;
        final Map<String, Future<Boolean>> contested = new LinkedHashMap<>();
        final Map<Integer, Future<Boolean>> chain = new LinkedHashMap<>();
        final List<Future<Boolean>> fresh = new ArrayList<>();
        Future<Boolean> failingUpdate;
        Future<Boolean> update;
        Future<Boolean> failingDelete;

        Round(String name) {
            this.name = name;
        }

        String key(String what) {
            return what + "-" + name;
        }

        String winner() throws Exception {
            List<String> winners = new ArrayList<>();
            for (Map.Entry<String, Future<Boolean>> e : contested.entrySet()) {
                if (e.getValue().get()) {
                    winners.add(e.getKey());
                }
            }
            assertThat(winners).as("attribute_not_exists puts of one key that succeed").hasSize(1);
            return winners.get(0);
        }

        int chained() throws Exception {
            int n = 0;
            for (Future<Boolean> f : chain.values()) {
                n += f.get() ? 1 : 0;
            }
            return n;
        }
    }

    private static final int FRESH = 30;

    /**
     * Writes a round: its items first (one at a time), then, while the groups that may run at once wait for items
     * held here, 59 writes that can only queue, and then go in one group: 16 puts of one new item if it does not
     * exist, 10 puts of a chain each if the one before it is there, 30 puts of new items, a failing and a succeeding
     * update, a failing delete.
     */
    private Round round(String name, String table, TableDef t, ExecutorService pool) throws Exception {
        Round r = new Round(name);
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(r.key("existing")), "v", n("1"))));
        ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(r.key("chain")), "n", n("0"))));
        try (Connection c = DynamoDbTestService.bean(DataSource.class).getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            List<String> held = List.of(r.key("held-1"), r.key("held-2"));
            for (String key : held) {
                st.execute("select pg_advisory_xact_lock(" + ItemKey.fromKey(t, Map.of("pk", s(key))).lockId(t.id()) + ")");
            }
            int before = waitingForLocks(st);
            List<Future<?>> leaders = new ArrayList<>();
            for (String key : held) {
                leaders.add(pool.submit(() -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(key), "v", n("1"))))));
            }
            while (waitingForLocks(st) < before + 2) {
                Thread.sleep(20);
            }
            for (int i = 0; i < 16; i++) {
                String by = "contender-" + i;
                r.contested.put(by, pool.submit(conditional(() -> ddb.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s(r.key("contested")), "by", s(by))).conditionExpression("attribute_not_exists(pk)")))));
            }
            for (int i = 1; i <= 10; i++) {
                int next = i;
                r.chain.put(next, pool.submit(conditional(() -> ddb.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s(r.key("chain")), "n", n(Integer.toString(next)))).conditionExpression("n = :previous")
                        .expressionAttributeValues(Map.of(":previous", n(Integer.toString(next - 1))))))));
            }
            for (int i = 0; i < FRESH; i++) {
                String key = r.key("fresh-" + i);
                r.fresh.add(pool.submit(conditional(() -> ddb.putItem(b -> b.tableName(table)
                        .item(Map.of("pk", s(key), "v", n("1")))))));
            }
            r.failingUpdate = pool.submit(conditional(() -> ddb.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(r.key("existing")))).updateExpression("SET v = :v").conditionExpression("v = :wrong")
                    .expressionAttributeValues(Map.of(":v", n("5"), ":wrong", n("9"))))));
            r.update = pool.submit(conditional(() -> ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", s(r.key("existing"))))
                    .updateExpression("SET w = :w").expressionAttributeValues(Map.of(":w", n("2"))))));
            r.failingDelete = pool.submit(conditional(() -> ddb.deleteItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(r.key("fresh-0")))).conditionExpression("attribute_exists(nothing)"))));
            GroupedWrites grouped = DynamoDbTestService.bean(GroupedWrites.class);
            while (grouped.queued() < 16 + 10 + FRESH + 3) {
                Thread.sleep(20);
            }
            c.rollback(); // the held groups go on, the queued writes follow as one group
            for (Future<?> f : leaders) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        for (Future<Boolean> f : r.fresh) {
            assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(r.failingUpdate.get(120, TimeUnit.SECONDS)).isFalse();
        assertThat(r.update.get(120, TimeUnit.SECONDS)).isTrue();
        assertThat(r.failingDelete.get(120, TimeUnit.SECONDS)).isFalse();
        for (Future<Boolean> f : r.contested.values()) {
            f.get(120, TimeUnit.SECONDS);
        }
        for (Future<Boolean> f : r.chain.values()) {
            f.get(120, TimeUnit.SECONDS);
        }
        return r;
    }

    @Test
    void onlyTheWritesThatSucceedAreRecordedOnceInCommitOrderWithTheirEvents() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, null);
        ddb.updateTable(b -> b.tableName(table).streamSpecification(x -> x.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        TableDef t = DynamoDbTestService.bean(TableStore.class).find("000000000000", "us-east-1", table).orElseThrow();
        String streamArn = ddb.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String tableArn = ddb.describeTable(b -> b.tableName(table)).table().tableArn();

        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Round> rounds = new ArrayList<>();
        try {
            // the first round's records fit in the stream's first shard (50 records); the second's do not
            rounds.add(round("a", table, t, pool));
            rounds.add(round("b", table, t, pool));
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }

        List<Shard> shards = StreamReading.shards(streams, streamArn);
        assertThat(shards).as("the second round filled the first shard: it split").hasSizeGreaterThan(1);
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards) {
            List<Record> inShard = StreamReading.readShard(streams, streamArn, shard);
            assertThat(inShard).extracting(r -> new BigInteger(r.dynamodb().sequenceNumber()))
                    .as("a shard's records in ascending sequence numbers").isSorted().doesNotHaveDuplicates();
            records.addAll(inShard);
        }
        records.sort((a, b) -> new BigInteger(a.dynamodb().sequenceNumber()).compareTo(new BigInteger(b.dynamodb().sequenceNumber())));
        assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
        Map<String, List<Record>> byKey = new HashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(r.dynamodb().keys().get("pk").s(), k -> new ArrayList<>()).add(r));

        int expected = 0;
        for (Round r : rounds) {
            String winner = r.winner();
            int chained = r.chained();
            // 2 written before, 2 leaders, the contest's winner, the chain's links, the new items, one update
            expected += 2 + 2 + 1 + chained + FRESH + 1;
            assertThat(byKey.get(r.key("contested"))).singleElement().satisfies(x -> {
                assertThat(x.eventNameAsString()).isEqualTo("INSERT");
                assertThat(x.dynamodb().newImage().get("by").s()).isEqualTo(winner);
            });
            // a link succeeds only after the one before it: the chain's records go 1, 2, … in commit order
            List<Record> links = byKey.get(r.key("chain"));
            assertThat(links).hasSize(1 + chained);
            for (int i = 1; i <= chained; i++) {
                assertThat(r.chain.get(i).get()).isTrue();
                Record link = links.get(i);
                assertThat(link.eventNameAsString()).isEqualTo("MODIFY");
                assertThat(link.dynamodb().oldImage().get("n").n()).isEqualTo(Integer.toString(i - 1));
                assertThat(link.dynamodb().newImage().get("n").n()).isEqualTo(Integer.toString(i));
            }
            for (int i = 0; i < FRESH; i++) {
                assertThat(byKey.get(r.key("fresh-" + i))).singleElement()
                        .satisfies(x -> assertThat(x.eventNameAsString()).isEqualTo("INSERT"));
            }
            assertThat(byKey.get(r.key("existing"))).hasSize(2).last().satisfies(x -> {
                assertThat(x.eventNameAsString()).isEqualTo("MODIFY");
                assertThat(x.dynamodb().oldImage()).containsEntry("v", n("1")).doesNotContainKey("w");
                assertThat(x.dynamodb().newImage()).containsEntry("v", n("1")).containsEntry("w", n("2"));
            });
        }
        assertThat(records).hasSize(expected);
        // each item as its last record left it
        for (Map.Entry<String, List<Record>> e : byKey.entrySet()) {
            Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s(e.getKey())))
                    .consistentRead(true)).item();
            assertThat(item).as(e.getKey()).isEqualTo(e.getValue().getLast().dynamodb().newImage());
        }

        // the outbox: one event per record, in the records' order, each the record as GetRecords returns it
        List<JsonNode> events = new ArrayList<>();
        try (Connection c = DynamoDbTestService.bean(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select event_id, event from outbox where topic = 'overcast.dynamodb.streams' and starts_with(event_key, ?) order by seq")) {
            ps.setString(1, tableArn + "|");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode event = JSON.readTree(rs.getString(2));
                    assertThat(event.path("id").asText()).isEqualTo(rs.getString(1));
                    events.add(event);
                }
            }
        }
        assertThat(events).extracting(e -> e.path("id").asText()).containsExactlyElementsOf(records.stream().map(Record::eventID).toList());
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            JsonNode event = events.get(i);
            assertThat(event.path("type").asText()).isEqualTo("aws.dynamodb." + r.eventNameAsString());
            assertThat(event.path("source").asText()).isEqualTo(tableArn);
            JsonNode data = event.path("data").path("dynamodb");
            assertThat(data.path("SequenceNumber").asText()).isEqualTo(r.dynamodb().sequenceNumber());
            assertThat(data.path("Keys").path("pk").path("S").asText()).isEqualTo(r.dynamodb().keys().get("pk").s());
            assertThat(data.path("SizeBytes").asLong()).isEqualTo(r.dynamodb().sizeBytes());
        }
    }
}
