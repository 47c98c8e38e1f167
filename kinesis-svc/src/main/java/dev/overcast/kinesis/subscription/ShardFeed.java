package dev.overcast.kinesis.subscription;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.overcast.common.protocol.eventstream.EventStreamMessage;
import dev.overcast.common.protocol.json.JsonValueWriter;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.record.RecordStore;
import dev.overcast.kinesis.record.StoredRecord;
import dev.overcast.kinesis.shard.SequenceNumber;
import dev.overcast.kinesis.shard.ShardCommits;
import dev.overcast.kinesis.shard.Shard;
import dev.overcast.kinesis.shard.ShardStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;

/**
 * One subscription's event stream: the initial-response, then a SubscribeToShardEvent whenever records have committed
 * in the shard (a commit in this process wakes the feed at once through {@link ShardCommits}; commits of other replicas
 * are found by reading the shard again at a short interval; a batch read at a time), one at once and then
 * one with no records every 5 seconds when the shard is quiet (its ContinuationSequenceNumber marks the progress), and, at the end of a
 * closed shard, one naming the ChildShards, after which the stream ends. It also ends after 5 minutes, as on AWS, and
 * when another subscription takes the consumer's shard over (a ResourceInUseException event).
 */
final class ShardFeed {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** How long a quiet shard goes without an event. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** How long a caught-up subscription waits for a commit in this process before it reads the shard again anyway. */
    static final long POLL_MILLIS = 20;
    /** One event carries at most this many records and bytes (AWS's 2 MiB/s per consumer and shard, in halves). */
    static final int MAX_RECORDS = 10_000;
    static final long MAX_BYTES = 1024 * 1024;

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private final ShardStore shards;
    private final RecordStore records;
    private final ShardCommits commits;
    private final Subscriptions subscriptions;
    private final Subscriptions.Key key;
    private final long token;
    private final Shard subscribed;
    private final SuiteClock clock;
    private final boolean cbor;
    private final JsonValueWriter writer;
    private long position;

    ShardFeed(ShardStore shards, RecordStore records, ShardCommits commits, Subscriptions subscriptions, Subscriptions.Key key,
              long token, Shard shard, long position, SuiteClock clock, boolean cbor) {
        this.shards = shards;
        this.records = records;
        this.commits = commits;
        this.subscriptions = subscriptions;
        this.key = key;
        this.token = token;
        this.subscribed = shard;
        this.position = position;
        this.clock = clock;
        this.cbor = cbor;
        this.writer = new JsonValueWriter(cbor);
    }

    void writeTo(OutputStream out) throws IOException {
        try (ShardCommits.Reader committed = commits.reader(subscribed.streamId(), subscribed.index())) {
            send(out, EventStreamMessage.event("initial-response", contentType(), encode(SubscribeToShardResponse.builder().build())));
            long deadline = System.nanoTime() + LIFETIME.toNanos();
            long lastEvent = System.nanoTime() - HEARTBEAT.toNanos(); // the first event goes at once, records or not
            while (System.nanoTime() < deadline) {
                if (!subscriptions.holds(key, token)) {
                    send(out, exception("ResourceInUseException",
                            "Another subscription has taken over " + key.shardId() + " for consumer " + key.consumerArn() + "."));
                    return;
                }
                Optional<Shard> found = shards.find(subscribed.streamId(), subscribed.index());
                if (found.isEmpty()) { // the stream was deleted
                    send(out, exception("ResourceNotFoundException",
                            "Shard " + key.shardId() + " no longer exists."));
                    return;
                }
                Shard shard = found.get();
                long generation = committed.generation(); // before the read: a commit after it wakes the wait below
                List<StoredRecord> read = position <= shard.lastCounter()
                        ? records.read(shard.streamId(), shard.index(), position, MAX_RECORDS, MAX_BYTES) : List.of();
                if (!read.isEmpty()) {
                    position = read.get(read.size() - 1).counter() + 1;
                }
                boolean ended = !shard.open() && position > shard.endingCounter();
                if (!read.isEmpty() || ended || System.nanoTime() - lastEvent >= HEARTBEAT.toNanos()) {
                    send(out, EventStreamMessage.event("SubscribeToShardEvent", contentType(), encode(event(shard, read, ended))));
                    lastEvent = System.nanoTime();
                }
                if (ended) {
                    return;
                }
                if (read.isEmpty()) {
                    committed.awaitAfter(generation, POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscriptions.ended(key, token);
        }
    }

    /** The records read; past the end of a closed shard, no continuation but the children instead. */
    private SubscribeToShardEvent event(Shard shard, List<StoredRecord> read, boolean ended) {
        long behind = read.isEmpty() || position > shard.lastCounter() ? 0
                : Math.max(0, ChronoUnit.MILLIS.between(read.get(read.size() - 1).arrivedAt(), clock.now()));
        return SubscribeToShardEvent.builder()
                .records(read.stream().map(r -> r.toModel(shard.streamId(), shard.index())).toList())
                .continuationSequenceNumber(ended ? null : new SequenceNumber(position - 1, shard.index(), shard.streamId()).toString())
                .millisBehindLatest(behind)
                .childShards(ended ? shards.children(shard.streamId(), shard.index()).stream().map(Shard::toChild).toList() : null)
                .build();
    }

    /** A modeled exception event: the exception's shape, its message. */
    private EventStreamMessage exception(String type, String message) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        try (JsonGenerator g = (cbor ? CBOR : JSON).createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringField("message", message);
            g.writeEndObject();
        }
        return EventStreamMessage.exception(type, contentType(), buf.toByteArray());
    }

    private String contentType() {
        return cbor ? "application/x-amz-cbor-1.1" : "application/json";
    }

    private byte[] encode(SdkPojo pojo) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = (cbor ? CBOR : JSON).createGenerator(buf)) {
            writer.writeStructure(g, pojo);
        }
        return buf.toByteArray();
    }

    private static void send(OutputStream out, EventStreamMessage message) throws IOException {
        out.write(message.encode());
        out.flush();
    }
}
