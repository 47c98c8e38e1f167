package dev.overcast.dynamodb.kinesis;

import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Delivers the item changes of tables to their Kinesis streaming destinations, in the background (never on a
 * request's path), through the Kinesis API of the suite with the AWS SDK ({@code overcast.dynamodb.kinesis-url},
 * {@code OVERCAST_KINESIS_URL}), as DynamoDB does: at least once, and in order for each item.
 * <p>
 * Each destination is worked on under a PostgreSQL advisory lock, so several replicas never deliver one twice at a
 * time; its position (the last change delivered) is committed after each PutRecords, so a restart resumes there. A
 * PutRecords carries at most one change per item: when some of its records fail, delivery resumes at the first
 * failed one, and a change delivered again is never ahead of an earlier change of its item. The relay also moves
 * statuses on: ENABLING to ACTIVE once the stream answers (ENABLE_FAILED when it does not exist), UPDATING to ACTIVE,
 * DISABLING to DISABLED.
 */
@Component
public class KinesisRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KinesisRelay.class);

    /** PutRecords takes up to 500 records and 5 MiB. */
    private static final int BATCH = 500;
    private static final int BATCH_BYTES = 5 * 1024 * 1024;

    private final TableStore tables;
    private final DestinationStore destinations;
    private final KinesisChangeStore changes;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final String kinesisUrl;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, KinesisClient> clients = new ConcurrentHashMap<>();

    private final SuiteCredentials credentials;

    public KinesisRelay(SuiteCredentials credentials, TableStore tables, DestinationStore destinations, KinesisChangeStore changes, JdbcClient jdbc,
                        TransactionTemplate tx, SuiteClock clock,
                        @Value("${overcast.dynamodb.kinesis-url:}") String kinesisUrl) {
        this.credentials = credentials;
        this.tables = tables;
        this.destinations = destinations;
        this.changes = changes;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.kinesisUrl = kinesisUrl;
    }

    @Scheduled(fixedDelayString = "${overcast.dynamodb.kinesis-relay-interval:200ms}",
            initialDelayString = "${overcast.dynamodb.kinesis-relay-interval:200ms}")
    public void relay() {
        try {
            for (DestinationStore.Destination d : destinations.pending()) {
                try {
                    while (Boolean.TRUE.equals(tx.execute(s -> step(d.tableId(), d.streamArn())))) {
                        // a full batch went out: there may be more
                    }
                } catch (RuntimeException e) {
                    log.warn("Kinesis streaming destination {} of table {}: {}", d.streamArn(), d.tableId(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Kinesis streaming relay failed", e);
        }
    }

    /**
     * One step of a destination, in one transaction under its lock: a status moved on, or one PutRecords. True when
     * there may be more to deliver at once.
     */
    boolean step(long tableId, String streamArn) {
        if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(lockId(tableId, streamArn)).query(Boolean.class).single()) {
            return false; // another replica is at it
        }
        DestinationStore.Destination d = destinations.find(tableId, streamArn).orElse(null);
        TableDef table = tables.findById(tableId).orElse(null);
        if (d == null || table == null) {
            return false;
        }
        switch (d.status()) {
            case "ENABLING" -> checkStream(d);
            case "UPDATING" -> destinations.status(tableId, streamArn, "ACTIVE", null, null, clock.now());
            case "DISABLING" -> {
                destinations.status(tableId, streamArn, "DISABLED", null, null, clock.now());
                changes.trim(tableId);
            }
            case "ACTIVE" -> {
                return deliver(d, table);
            }
            default -> {
                return false;
            }
        }
        return false;
    }

    private void checkStream(DestinationStore.Destination d) {
        KinesisDestinationApi.StreamRef ref = KinesisDestinationApi.streamRef(d.streamArn());
        try {
            client(ref).describeStreamSummary(b -> b.streamName(ref.name()));
            destinations.status(d.tableId(), d.streamArn(), "ACTIVE", null, null, clock.now());
        } catch (ResourceNotFoundException e) {
            destinations.status(d.tableId(), d.streamArn(), "ENABLE_FAILED",
                    "Kinesis data stream " + d.streamArn() + " does not exist", null, clock.now());
        } catch (IllegalStateException e) {
            destinations.status(d.tableId(), d.streamArn(), "ENABLE_FAILED", e.getMessage(), null, clock.now());
        } catch (SdkClientException e) {
            log.debug("Kinesis streaming destination {}: Kinesis not reachable yet: {}", d.streamArn(), e.toString());
        }
    }

    /** One PutRecords of the destination's next changes, at most one per item; true when a full batch went out. */
    private boolean deliver(DestinationStore.Destination d, TableDef table) {
        List<KinesisChangeStore.Change> next = changes.after(d.tableId(), d.delivered(), BATCH);
        if (next.isEmpty()) {
            return false;
        }
        List<KinesisChangeStore.Change> batch = new ArrayList<>();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        Set<String> items = new HashSet<>();
        int bytes = 0;
        for (KinesisChangeStore.Change c : next) {
            String partitionKey = ChangeRecords.partitionKey(c);
            SdkBytes data = SdkBytes.fromUtf8String(ChangeRecords.data(c, table.region(), table.name(), d.precision()));
            if (!items.add(partitionKey) || bytes + data.asByteArrayUnsafe().length + partitionKey.length() > BATCH_BYTES) {
                break;
            }
            bytes += data.asByteArrayUnsafe().length + partitionKey.length();
            batch.add(c);
            entries.add(PutRecordsRequestEntry.builder().partitionKey(partitionKey).data(data).build());
        }
        KinesisDestinationApi.StreamRef ref = KinesisDestinationApi.streamRef(d.streamArn());
        PutRecordsResponse out;
        try {
            out = client(ref).putRecords(b -> b.streamName(ref.name()).records(entries));
        } catch (SdkException | IllegalStateException e) {
            log.debug("Kinesis streaming destination {}: {}", d.streamArn(), e.toString());
            return false; // tried again at the next run
        }
        int delivered = batch.size();
        for (int i = 0; i < out.records().size(); i++) {
            if (out.records().get(i).errorCode() != null) {
                delivered = i;
                break;
            }
        }
        if (delivered > 0) {
            destinations.delivered(d.tableId(), d.streamArn(), batch.get(delivered - 1).id());
            changes.trim(d.tableId());
        }
        return delivered == batch.size() && (batch.size() < next.size() || next.size() == BATCH);
    }

    /** A Kinesis client for the stream's account (a 12-digit access key is that account) and region. */
    private KinesisClient client(KinesisDestinationApi.StreamRef ref) {
        if (kinesisUrl == null || kinesisUrl.isBlank()) {
            throw new IllegalStateException("No Kinesis endpoint is configured for this DynamoDB service "
                    + "(overcast.dynamodb.kinesis-url, OVERCAST_KINESIS_URL)");
        }
        return clients.computeIfAbsent(ref.account() + "|" + ref.region(), k -> KinesisClient.builder()
                .endpointOverride(URI.create(kinesisUrl))
                .region(Region.of(ref.region()))
                .credentialsProvider(credentials.account(ref.account()))
                .httpClient(http)
                .build());
    }

    static long lockId(long tableId, String streamArn) {
        return 0x4B494E455349L ^ (tableId << 24) ^ streamArn.hashCode();
    }

    @Override
    public void destroy() {
        clients.values().forEach(KinesisClient::close);
        http.close();
    }
}
