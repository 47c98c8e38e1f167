package dev.overcast.firehose.source;

import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.KinesisStreamSourceDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads the Kinesis streams of KinesisStreamAsSource delivery streams through the suite's Kinesis API: each shard from
 * its checkpoint (or, at first, from the delivery stream's DeliveryStartTimestamp), its records appended to the buffer
 * in the transaction that moves the shard's checkpoint on, so a restart resumes where the buffer ends: no record lost,
 * none buffered twice, in order per shard; after a resharding a child shard is read only once its parents are read to
 * their end (as the KCL does), so a partition key's records stay in order; KPL-aggregated records are taken apart
 * ({@link KplDeaggregation}). One
 * replica reads a delivery stream at a time ({@link SourceRounds}).
 */
@Component
public class KinesisSourceReader implements DisposableBean {

    /** The checkpoint of a closed shard read to its end. */
    static final String SHARD_END = "SHARD_END";

    /** GetRecords calls per shard and round, so that one busy shard does not hold the others back. */
    private static final int READS_PER_ROUND = 5;

    private final SourceRounds rounds;
    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, KinesisClient> clients = new ConcurrentHashMap<>();

    private final SuiteCredentials credentials;

    public KinesisSourceReader(SuiteCredentials credentials, SourceRounds rounds, @Value("${overcast.firehose.kinesis-url}") String endpoint) {
        this.credentials = credentials;
        this.rounds = rounds;
        this.endpoint = URI.create(endpoint);
    }

    @Scheduled(fixedDelayString = "${overcast.firehose.source-poll}")
    public void poll() {
        rounds.round(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE, s -> s.kinesisSource().kinesisStreamARN(), this::read,
                s -> { });
    }

    private void read(DeliveryStream s) {
        KinesisStreamSourceDescription source = s.kinesisSource();
        KinesisClient kinesis = client(s.account(), s.region());
        Map<String, String> positions = rounds.positions(s.id());
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = kinesis.listShards(b -> {
                if (next == null) {
                    b.streamARN(source.kinesisStreamARN());
                } else {
                    b.nextToken(next);
                }
            });
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        for (Shard shard : shards) {
            String after = positions.get(shard.shardId());
            if (SHARD_END.equals(after) || !parentsFinished(shard, listed, positions)) {
                continue;
            }
            String iterator = kinesis.getShardIterator(b -> {
                b.streamARN(source.kinesisStreamARN()).shardId(shard.shardId());
                if (after != null) {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after);
                } else {
                    b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(source.deliveryStartTimestamp());
                }
            }).shardIterator();
            for (int i = 0; i < READS_PER_ROUND && iterator != null; i++) {
                String it = iterator;
                GetRecordsResponse page = kinesis.getRecords(b -> b.streamARN(source.kinesisStreamARN()).shardIterator(it));
                iterator = page.nextShardIterator();
                if (!page.records().isEmpty() || iterator == null) {
                    // a closed shard read to its end is finished: its children may be read from now on
                    String checkpoint = iterator == null ? SHARD_END : page.records().getLast().sequenceNumber();
                    take(s, shard.shardId(), page.records(), checkpoint);
                    positions.put(shard.shardId(), checkpoint);
                }
                if (page.records().isEmpty() || Long.valueOf(0).equals(page.millisBehindLatest())) {
                    break;
                }
            }
        }
    }

    /**
     * Whether the shard's parents (after a split or a merge) have been read to their end, so that it may be read: as
     * the KCL does, a child waits for its parents, so that the records of a partition key stay in order across a
     * resharding. A parent no longer listed (past the retention period) counts as finished.
     */
    private static boolean parentsFinished(Shard shard, Set<String> listed, Map<String, String> positions) {
        for (String parent : new String[] {shard.parentShardId(), shard.adjacentParentShardId()}) {
            if (parent != null && listed.contains(parent) && !SHARD_END.equals(positions.get(parent))) {
                return false;
            }
        }
        return true;
    }

    /** Buffers a shard's records and moves its checkpoint past them (or to its end), in one transaction. */
    private void take(DeliveryStream s, String shardId, List<Record> records, String checkpoint) {
        List<byte[]> data = records.stream().flatMap(r -> KplDeaggregation.records(r.data().asByteArrayUnsafe()).stream())
                .toList();
        rounds.take(s.id(), Map.of(shardId, checkpoint), List.of(data));
    }

    private KinesisClient client(String account, String region) {
        return clients.computeIfAbsent(account + "/" + region, k -> KinesisClient.builder().endpointOverride(endpoint)
                .region(Region.of(region)).httpClient(http)
                .credentialsProvider(credentials.account(account))
                .build());
    }

    @Override
    public void destroy() {
        clients.values().forEach(KinesisClient::close);
        http.close();
    }
}
