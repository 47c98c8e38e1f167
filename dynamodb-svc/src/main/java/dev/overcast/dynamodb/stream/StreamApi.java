package dev.overcast.dynamodb.stream;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. A stream has shards with lineage
 * ({@link ShardStore}); sequence numbers are the records' positions in commit order, so they increase within a shard
 * and a child's are above its parent's; records are kept 24 hours; iterators last 15 minutes (by the suite's clock).
 * DescribeStream, GetShardIterator and GetRecords are decided by the stream's resource-based policy
 * ({@link TableStore#findStream}: another account's need its Allow, anyone's are refused by its Deny); ListStreams lists
 * the caller's own streams, its IAM action having no resource a policy could name.
 */
@AwsApi(api = "dynamodbstreams")
public class StreamApi {

    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);

    private final TableStore tables;
    private final ShardStore shards;
    private final StreamWriter writer;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public StreamApi(TableStore tables, ShardStore shards, StreamWriter writer, JdbcClient jdbc, TransactionTemplate tx,
                     SuiteClock clock) {
        this.tables = tables;
        this.shards = shards;
        this.writer = writer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    private static AwsException streamNotFound(String arn) {
        return new AwsException("ResourceNotFoundException", 400, "Requested resource not found: Stream: " + arn + " not found");
    }

    static String sequenceNumber(long seq) {
        return String.format("%021d", seq);
    }

    private TableDef tableOf(RequestContext ctx, String streamArn) {
        int at = streamArn == null ? -1 : streamArn.indexOf("/stream/");
        if (at < 0) {
            throw DynamoDbErrors.validation("Invalid StreamArn");
        }
        return tables.findStream(ctx, streamArn).orElseThrow(() -> streamNotFound(streamArn));
    }

    public ListStreamsResponse listStreams(RequestContext ctx, ListStreamsRequest r) {
        int limit = r.limit() == null ? 100 : r.limit();
        List<String> names = r.tableName() != null ? List.of(r.tableName())
                : tables.names(ctx.account(), ctx.region(), null, 10_000);
        List<software.amazon.awssdk.services.dynamodb.model.Stream> out = new ArrayList<>();
        boolean started = r.exclusiveStartStreamArn() == null;
        String last = null;
        for (String name : names) {
            TableDef t = tables.find(ctx.account(), ctx.region(), name).orElse(null);
            if (t == null || t.description().latestStreamArn() == null) {
                continue;
            }
            String arn = t.description().latestStreamArn();
            if (!started) {
                started = arn.equals(r.exclusiveStartStreamArn());
                continue;
            }
            if (out.size() == limit) {
                return ListStreamsResponse.builder().streams(out).lastEvaluatedStreamArn(last).build();
            }
            out.add(software.amazon.awssdk.services.dynamodb.model.Stream.builder().streamArn(arn).tableName(t.name())
                    .streamLabel(t.description().latestStreamLabel()).build());
            last = arn;
        }
        return ListStreamsResponse.builder().streams(out).build();
    }

    public DescribeStreamResponse describeStream(RequestContext ctx, DescribeStreamRequest r) {
        TableDef t = tableOf(ctx, r.streamArn());
        int limit = r.limit() == null ? 100 : r.limit();
        if (limit > 100) { // at least 1 by the model's constraints
            throw DynamoDbErrors.constraint(limit, "limit", "Member must have value less than or equal to 100");
        }
        refresh(t);
        // one more than asked tells whether there is a next page
        List<ShardStore.Shard> page = shards.list(r.streamArn(), r.exclusiveStartShardId(), limit + 1, RETENTION);
        List<Shard> shown = page.stream().limit(limit).map(StreamApi::shard).toList();
        StreamDescription.Builder d = StreamDescription.builder()
                .streamArn(r.streamArn()).streamLabel(t.description().latestStreamLabel())
                .streamStatus(StreamWriter.streamEnabled(t) ? StreamStatus.ENABLED : StreamStatus.DISABLED)
                .streamViewType(t.description().streamSpecification().streamViewType())
                .creationRequestDateTime(t.description().creationDateTime())
                .tableName(t.name()).keySchema(t.description().keySchema())
                .shards(shown);
        if (page.size() > limit) {
            d.lastEvaluatedShardId(shown.getLast().shardId());
        }
        return DescribeStreamResponse.builder().streamDescription(d.build()).build();
    }

    private static Shard shard(ShardStore.Shard s) {
        return Shard.builder().shardId(s.shardId()).parentShardId(s.parentShardId())
                .sequenceNumberRange(SequenceNumberRange.builder()
                        .startingSequenceNumber(sequenceNumber(s.startingSeq()))
                        .endingSequenceNumber(s.endingSeq() == null ? null : sequenceNumber(s.endingSeq()))
                        .build())
                .build();
    }

    /** Rolls aged shards over (or closes them all on a disabled stream) before they are read, when they need it. */
    private void refresh(TableDef t) {
        String arn = t.description().latestStreamArn();
        if (shards.stale(arn, StreamWriter.streamEnabled(t))) {
            tx.executeWithoutResult(s -> {
                writer.lock(t);
                shards.refresh(arn, StreamWriter.streamEnabled(t));
            });
        }
    }

    private ShardStore.Shard shardOf(TableDef t, String shardId) {
        refresh(t);
        return shards.find(t.description().latestStreamArn(), shardId).orElseThrow(() ->
                new AwsException("ResourceNotFoundException", 400, "Requested resource not found: Shard does not exist"));
    }

    public GetShardIteratorResponse getShardIterator(RequestContext ctx, GetShardIteratorRequest r) {
        TableDef t = tableOf(ctx, r.streamArn());
        ShardStore.Shard shard = shardOf(t, r.shardId());
        long position;
        switch (r.shardIteratorType() == null ? ShardIteratorType.UNKNOWN_TO_SDK_VERSION : r.shardIteratorType()) {
            case TRIM_HORIZON -> position = 0;
            case LATEST -> position = shard.open()
                    ? jdbc.sql("select coalesce(max(seq), 0) from stream_record where stream_arn = ? and shard_id = ?")
                            .params(r.streamArn(), shard.shardId()).query(Long.class).single()
                    : shard.endingSeq();
            case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER -> {
                long n;
                try {
                    n = Long.parseLong(r.sequenceNumber());
                } catch (NumberFormatException | NullPointerException e) {
                    throw DynamoDbErrors.validation("Invalid SequenceNumber: " + r.sequenceNumber());
                }
                if (n < shard.startingSeq() || (shard.endingSeq() != null && n > shard.endingSeq())) {
                    throw DynamoDbErrors.validation("Invalid SequenceNumber: " + r.sequenceNumber()
                            + " is not in the sequence number range of shard " + shard.shardId());
                }
                position = r.shardIteratorType() == ShardIteratorType.AT_SEQUENCE_NUMBER ? n - 1 : n;
            }
            default -> throw DynamoDbErrors.constraint(r.shardIteratorTypeAsString(), "shardIteratorType",
                    "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }
        return GetShardIteratorResponse.builder().shardIterator(iterator(r.streamArn(), shard.shardId(), position)).build();
    }

    private String iterator(String arn, String shardId, long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((arn + "|" + shardId + "|" + position + "|"
                + clock.now().toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    }

    public GetRecordsResponse getRecords(RequestContext ctx, GetRecordsRequest r) {
        String arn;
        String shardId;
        long position;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(r.shardIterator()), StandardCharsets.UTF_8).split("\\|");
            arn = parts[0];
            shardId = parts[1];
            position = Long.parseLong(parts[2]);
            Instant issued = Instant.ofEpochMilli(Long.parseLong(parts[3]));
            Instant now = clock.now();
            if (Duration.between(issued, now).compareTo(ITERATOR_LIFETIME) > 0) {
                throw new AwsException("ExpiredIteratorException", 400, "Iterator expired. The iterator was created at time "
                        + issued + " while right now it is " + now
                        + " which is further in the future than the tolerated delay of 900000 milliseconds.");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | NullPointerException e) {
            throw DynamoDbErrors.validation("Invalid ShardIterator");
        }
        TableDef t = tableOf(ctx, arn);
        ShardStore.Shard shard = shardOf(t, shardId);
        int limit = r.limit() == null ? 1000 : r.limit();
        if (limit > 1000) { // at least 1 by the model's constraints; the most GetRecords returns is DynamoDB Streams' own limit
            throw DynamoDbErrors.constraint(limit, "limit", "Member must have value less than or equal to 1000");
        }
        StreamViewType view = t.description().streamSpecification().streamViewType();
        List<software.amazon.awssdk.services.dynamodb.model.Record> records = new ArrayList<>();
        long[] last = {position};
        jdbc.sql("select * from stream_record where stream_arn = ? and shard_id = ? and seq > ? and created_at > ? order by seq limit ?")
                .params(arn, shardId, position, java.sql.Timestamp.from(clock.now().minus(RETENTION)), limit)
                .query(rs -> {
                    long seq = rs.getLong("seq");
                    last[0] = seq;
                    records.add(StreamRecords.of(arn, seq, rs.getString("event_name"), ctx.region(),
                            rs.getTimestamp("created_at").toInstant(), rs.getString("keys"), rs.getString("new_image"),
                            rs.getString("old_image"), rs.getInt("size_bytes"), view, rs.getString("user_identity")));
                });
        GetRecordsResponse.Builder b = GetRecordsResponse.builder().records(records);
        // a closed shard takes no more records: once a reader has all of them, there is no next iterator
        if (shard.open() || records.size() == limit) {
            b.nextShardIterator(iterator(arn, shardId, last[0]));
        }
        return b.build();
    }
}
