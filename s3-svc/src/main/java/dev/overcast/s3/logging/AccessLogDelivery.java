package dev.overcast.s3.logging;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.LoopbackClients;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Delivers recorded access log lines as log objects to their target buckets, through the S3 API as the source bucket's
 * owner (the target has the same owner, as S3 requires): every minute ({@code overcast.s3.access-log-interval}) and
 * whenever the suite's clock moves on, one worker across replicas. An object holds up to
 * {@code overcast.s3.access-log-batch} lines (default 1,000) of one source bucket, named as the configuration asks:
 * {@code <prefix>YYYY-mm-DD-HH-MM-SS-<unique>} (SimplePrefix), or PartitionedPrefix's
 * {@code <prefix><account>/<region>/<bucket>/YYYY/MM/DD/YYYY-mm-DD-HH-MM-SS-<unique>} with the day of the first event
 * (EventTime) or of the delivery (DeliveryTime). Lines are deleted once their object is written, so a delivery
 * interrupted between the two is made again (a duplicate object, which S3's best-effort delivery allows too); lines
 * for a target bucket that is gone or refuses the write are dropped, as S3 drops them.
 */
@Component
public class AccessLogDelivery {

    private static final Logger log = LoggerFactory.getLogger(AccessLogDelivery.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final JdbcTemplate jdbc;
    private final SuiteClock clock;
    private final LoopbackClients clients;
    private final JobLock lock;
    private final int batch;

    public AccessLogDelivery(JdbcTemplate jdbc, SuiteClock clock, LoopbackClients clients, DataSource dataSource,
                             @Value("${overcast.s3.access-log-batch:1000}") int batch) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.clients = clients;
        this.lock = new JobLock(dataSource);
        this.batch = batch;
        clock.onAdvance(this::scheduled);
    }

    @Scheduled(fixedDelayString = "${overcast.s3.access-log-interval:1m}",
            initialDelayString = "${overcast.s3.access-log-interval:1m}")
    public void scheduled() {
        try {
            deliver();
        } catch (RuntimeException e) {
            log.warn("Access log delivery failed (the next run takes it up again)", e);
        }
    }

    /** Delivers every recorded line; the objects written, or -1 when another run holds the lock. */
    public int deliver() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from access_log_record)", Boolean.class))) {
            return 0; // the lock's connection is held only when there may be work
        }
        int[] written = {0};
        boolean ran = lock.runExclusively("s3.access-logs", () -> {
            for (Map<String, Object> group : jdbc.queryForList("""
                    select distinct source_bucket, source_account, source_region, target_bucket, target_prefix, key_format
                    from access_log_record""")) {
                written[0] += deliverGroup(group);
            }
        });
        return ran ? written[0] : -1;
    }

    private int deliverGroup(Map<String, Object> group) {
        int objects = 0;
        while (true) {
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    select id, event_time, line from access_log_record
                    where source_bucket = ? and target_bucket = ? and target_prefix = ? and key_format = ?
                    order by id limit ?""", group.get("source_bucket"), group.get("target_bucket"),
                    group.get("target_prefix"), group.get("key_format"), batch);
            if (rows.isEmpty()) {
                return objects;
            }
            StringBuilder body = new StringBuilder();
            rows.forEach(r -> body.append(r.get("line")).append('\n'));
            long first = ((Number) rows.getFirst().get("id")).longValue();
            long last = ((Number) rows.getLast().get("id")).longValue();
            String key = key(group, ((Timestamp) rows.getFirst().get("event_time")).toInstant(), clock.now(), first);
            S3Client s3 = clients.client((String) group.get("source_account"), (String) group.get("source_region"));
            try {
                s3.putObject(p -> p.bucket((String) group.get("target_bucket")).key(key).contentType("text/plain"),
                        RequestBody.fromString(body.toString()));
            } catch (S3Exception e) {
                if (e.statusCode() == 404 || e.statusCode() == 403) {
                    // the target bucket is gone or refuses: S3 drops such logs
                    log.info("Access logs of {} not delivered to {}: {}", group.get("source_bucket"),
                            group.get("target_bucket"), e.awsErrorDetails().errorCode());
                } else {
                    throw e;
                }
            }
            jdbc.update("""
                    delete from access_log_record where source_bucket = ? and target_bucket = ? and target_prefix = ?
                    and key_format = ? and id between ? and ?""", group.get("source_bucket"), group.get("target_bucket"),
                    group.get("target_prefix"), group.get("key_format"), first, last);
            objects++;
        }
    }

    static String key(Map<String, Object> group, Instant eventTime, Instant deliveryTime, long firstId) {
        String unique = String.format("%016X", Long.reverse(firstId) ^ 0x5DEECE66DL * firstId);
        String name = NAME.format(deliveryTime) + "-" + unique;
        String prefix = (String) group.get("target_prefix");
        String format = (String) group.get("key_format");
        if (format.equals("simple")) {
            return prefix + name;
        }
        Instant day = format.equals("DeliveryTime") ? deliveryTime : eventTime;
        return prefix + group.get("source_account") + "/" + group.get("source_region") + "/" + group.get("source_bucket")
                + "/" + DAY.format(day) + "/" + name;
    }
}
