package dev.overcast.dynamodb.stream;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
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
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. Each stream has one shard;
 * sequence numbers are the records' positions in commit order; records are kept 24 hours.
 */
@AwsApi(api = "dynamodbstreams")
public class StreamApi {

    static final Duration RETENTION = Duration.ofHours(24);

    private final TableStore tables;
    private final JdbcClient jdbc;

    public StreamApi(TableStore tables, JdbcClient jdbc) {
        this.tables = tables;
        this.jdbc = jdbc;
    }

    private static AwsException streamNotFound(String arn) {
        return new AwsException("ResourceNotFoundException", 400, "Requested resource not found: Stream: " + arn + " not found");
    }

    static String shardId(String label) {
        return "shardId-00000001-" + label.replaceAll("[^0-9]", "").substring(0, 13);
    }

    static String sequenceNumber(long seq) {
        return String.format("%021d", seq);
    }

    private TableDef tableOf(RequestContext ctx, String streamArn) {
        int at = streamArn == null ? -1 : streamArn.indexOf("/stream/");
        if (at < 0) {
            throw DynamoDbErrors.validation("Invalid StreamArn");
        }
        TableDef t = tables.findByArn(ctx.account(), ctx.region(), streamArn.substring(0, at)).orElseThrow(() -> streamNotFound(streamArn));
        if (!streamArn.equals(t.description().latestStreamArn())) {
            throw streamNotFound(streamArn);
        }
        return t;
    }

    private static boolean enabled(TableDef t) {
        StreamSpecification s = t.description().streamSpecification();
        return s != null && Boolean.TRUE.equals(s.streamEnabled());
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
        String label = t.description().latestStreamLabel();
        // a shard has its starting sequence number before any record is written: one no record's is below
        long first = jdbc.sql("select coalesce(min(seq), 1) from stream_record where stream_arn = ?").param(r.streamArn())
                .query(Long.class).single();
        Shard shard = Shard.builder().shardId(shardId(label))
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber(sequenceNumber(first)).build())
                .build();
        StreamDescription d = StreamDescription.builder()
                .streamArn(r.streamArn()).streamLabel(label)
                .streamStatus(enabled(t) ? StreamStatus.ENABLED : StreamStatus.DISABLED)
                .streamViewType(t.description().streamSpecification().streamViewType() != null
                        ? t.description().streamSpecification().streamViewType() : null)
                .creationRequestDateTime(t.description().creationDateTime())
                .tableName(t.name()).keySchema(t.description().keySchema())
                .shards(r.exclusiveStartShardId() != null && r.exclusiveStartShardId().equals(shard.shardId()) ? List.of() : List.of(shard))
                .build();
        return DescribeStreamResponse.builder().streamDescription(d).build();
    }

    public GetShardIteratorResponse getShardIterator(RequestContext ctx, GetShardIteratorRequest r) {
        TableDef t = tableOf(ctx, r.streamArn());
        if (!shardId(t.description().latestStreamLabel()).equals(r.shardId())) {
            throw new AwsException("ResourceNotFoundException", 400, "Requested resource not found: Shard does not exist");
        }
        long position;
        switch (r.shardIteratorType() == null ? ShardIteratorType.UNKNOWN_TO_SDK_VERSION : r.shardIteratorType()) {
            case TRIM_HORIZON -> position = 0;
            case LATEST -> position = jdbc.sql("select coalesce(max(seq), 0) from stream_record where stream_arn = ?")
                    .param(r.streamArn()).query(Long.class).single();
            case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER -> {
                long n;
                try {
                    n = Long.parseLong(r.sequenceNumber());
                } catch (NumberFormatException | NullPointerException e) {
                    throw DynamoDbErrors.validation("Invalid SequenceNumber: " + r.sequenceNumber());
                }
                position = r.shardIteratorType() == ShardIteratorType.AT_SEQUENCE_NUMBER ? n - 1 : n;
            }
            default -> throw DynamoDbErrors.constraint(r.shardIteratorTypeAsString(), "shardIteratorType",
                    "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }
        return GetShardIteratorResponse.builder().shardIterator(iterator(r.streamArn(), position)).build();
    }

    private static String iterator(String arn, long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((arn + "|" + position + "|" + Instant.now().toEpochMilli())
                .getBytes(StandardCharsets.UTF_8));
    }

    public GetRecordsResponse getRecords(RequestContext ctx, GetRecordsRequest r) {
        String arn;
        long position;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(r.shardIterator()), StandardCharsets.UTF_8).split("\\|");
            arn = parts[0];
            position = Long.parseLong(parts[1]);
            if (Instant.now().toEpochMilli() - Long.parseLong(parts[2]) > Duration.ofMinutes(15).toMillis()) {
                throw new AwsException("ExpiredIteratorException", 400, "Iterator expired. The iterator was created at time "
                        + Instant.ofEpochMilli(Long.parseLong(parts[2])) + " while right now it is " + Instant.now()
                        + " which is further in the future than the tolerated delay of 900000 milliseconds.");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | NullPointerException e) {
            throw DynamoDbErrors.validation("Invalid ShardIterator");
        }
        TableDef t = tableOf(ctx, arn);
        int limit = r.limit() == null ? 1000 : r.limit();
        if (limit > 1000) { // at least 1 by the model's constraints; the most GetRecords returns is DynamoDB Streams' own limit
            throw DynamoDbErrors.constraint(limit, "limit", "Member must have value less than or equal to 1000");
        }
        StreamViewType view = t.description().streamSpecification().streamViewType();
        List<software.amazon.awssdk.services.dynamodb.model.Record> records = new ArrayList<>();
        long[] last = {position};
        jdbc.sql("select * from stream_record where stream_arn = ? and seq > ? and created_at > ? order by seq limit ?")
                .params(arn, position, java.sql.Timestamp.from(Instant.now().minus(RETENTION)), limit)
                .query(rs -> {
                    long seq = rs.getLong("seq");
                    last[0] = seq;
                    records.add(StreamRecords.of(arn, seq, rs.getString("event_name"), ctx.region(),
                            rs.getTimestamp("created_at").toInstant(), rs.getString("keys"), rs.getString("new_image"),
                            rs.getString("old_image"), rs.getInt("size_bytes"), view, rs.getString("user_identity")));
                });
        GetRecordsResponse.Builder b = GetRecordsResponse.builder().records(records);
        if (enabled(t) || !records.isEmpty()) {
            b.nextShardIterator(iterator(arn, last[0]));
        }
        return b.build();
    }
}
