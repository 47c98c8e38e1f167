package dev.overcast.s3.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs the events written for HTTP endpoints ({@code notification_delivery}) off the request path: the rows due,
 * locked with {@code FOR UPDATE SKIP LOCKED} (so replicas share the work and a row is never sent by two at once), each
 * deleted once its endpoint answers 2xx, else tried again later with exponential back-off (1 s doubling up to
 * 5 minutes) for up to a day. At least once: a crash between the POST and the commit sends it again.
 *
 * <p>The body is what the destination would receive: the event message itself for a queue (the SQS message body) or a
 * function (the Lambda event), and for a topic the JSON notification SNS POSTs to an HTTP subscriber (its
 * {@code Message} the event message, with the {@code x-amz-sns-*} headers).
 */
@Component
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 20;
    private static final long MAX_BACKOFF_SECONDS = 300;
    private static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public DeliveryWorker(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    private record Delivery(long id, String destination, String url, String message, int attempts, Instant createdAt) {
    }

    @Scheduled(fixedDelayString = "${overcast.notification.delivery-interval:500ms}",
            initialDelayString = "${overcast.notification.delivery-interval:500ms}")
    public void deliverDue() {
        try {
            while (deliverBatch() == BATCH) {
                // more are due: go on
            }
        } catch (RuntimeException e) {
            log.warn("Delivering event notifications failed (the next round takes them up again)", e);
        }
    }

    /** Delivers up to a batch of due events; how many were due. */
    int deliverBatch() {
        Integer due = tx.execute(status -> {
            List<Delivery> rows = jdbc.query("""
                    select id, destination, url, message, attempts, created_at from notification_delivery
                    where next_attempt_at <= now() order by id limit ? for update skip locked""",
                    (rs, i) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getTimestamp(6).toInstant()), BATCH);
            for (Delivery d : rows) {
                String failure = post(d);
                if (failure == null) {
                    jdbc.update("delete from notification_delivery where id = ?", d.id());
                } else if (d.createdAt().plus(GIVE_UP_AFTER).isBefore(Instant.now())) {
                    log.warn("Giving up on event notification {} for {} at {} after {} attempts: {}", d.id(),
                            d.destination(), d.url(), d.attempts() + 1, failure);
                    jdbc.update("delete from notification_delivery where id = ?", d.id());
                } else {
                    long backoff = Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(d.attempts(), 20));
                    jdbc.update("""
                            update notification_delivery set attempts = attempts + 1, last_error = ?,
                            next_attempt_at = now() + make_interval(secs => ?) where id = ?""", failure, backoff, d.id());
                }
            }
            return rows.size();
        });
        return due == null ? 0 : due;
    }

    /** POSTs one event; null when the endpoint took it, else why not. */
    private String post(Delivery d) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url())).timeout(TIMEOUT);
        if (d.destination().contains(":sns:")) {
            String messageId = UUID.nameUUIDFromBytes(("notification-" + d.id()).getBytes(StandardCharsets.UTF_8)).toString();
            String body = JSON.writeValueAsString(JSON.createObjectNode()
                    .put("Type", "Notification")
                    .put("MessageId", messageId)
                    .put("TopicArn", d.destination())
                    .put("Subject", "Amazon S3 Notification")
                    .put("Message", d.message())
                    .put("Timestamp", d.createdAt().toString()));
            request.header("Content-Type", "text/plain; charset=UTF-8")
                    .header("x-amz-sns-message-type", "Notification")
                    .header("x-amz-sns-message-id", messageId)
                    .header("x-amz-sns-topic-arn", d.destination())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(d.message()));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
