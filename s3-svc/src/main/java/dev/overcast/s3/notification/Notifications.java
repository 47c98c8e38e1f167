package dev.overcast.s3.notification;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.Principal;
import dev.overcast.common.bus.BusEvent;
import dev.overcast.common.bus.Outbox;
import dev.overcast.common.protocol.RequestIds;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes S3 event notifications in the transaction of the change that causes them: one event on the bus topic
 * {@value #TOPIC} per destination the change matches (a CloudEvent keyed by bucket/key, its type
 * {@code aws.s3.<event name>}, its {@code overcastdestination} the destination's ARN, its data the message S3 sends
 * that destination), and, for a destination mapped to an HTTP endpoint, a row of {@code notification_delivery} that
 * {@link DeliveryWorker} POSTs.
 */
@Component
public class Notifications {

    public static final String TOPIC = "overcast.s3.events";
    /** The CloudEvent extension naming the destination ARN an event is bound for. */
    public static final String DESTINATION = "overcastdestination";

    private final Outbox outbox;
    private final JdbcTemplate jdbc;
    private final NotificationEndpoints endpoints;

    public Notifications(Outbox outbox, JdbcTemplate jdbc, NotificationEndpoints endpoints) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.endpoints = endpoints;
    }

    /** The events the request may cause on the bucket; {@link ObjectEvents#NONE} when it has no configuration. */
    public ObjectEvents on(RequestContext ctx, Bucket bucket, String api) {
        return on(bucket, api, ctx.requestId(), ctx.principal(), ctx.header("X-Forwarded-For"));
    }

    /**
     * As {@link #on(RequestContext, Bucket, String)}, for a request known by its parts (a POST upload).
     *
     * @param api          the API of the change as S3 names it: {@code PutObject}, {@code POST Object},
     *                     {@code CopyObject}, {@code CompleteMultipartUpload}, {@code DeleteObject},
     *                     {@code PutObjectTagging}, {@code DeleteObjectTagging}
     * @param forwardedFor the request's X-Forwarded-For, or null
     */
    public ObjectEvents on(Bucket bucket, String api, String requestId, Principal principal, String forwardedFor) {
        NotificationRules rules = NotificationRules.of(bucket.notification());
        if (!rules.any()) {
            return ObjectEvents.NONE;
        }
        return new ObjectEvents(this, rules, bucket, api, origin(bucket, requestId, principal, forwardedFor));
    }

    /**
     * The events a change S3 makes itself (a lifecycle rule's, a restore's completion or expiry, replication's) may
     * cause on the bucket, named as S3 names itself in them; {@link ObjectEvents#NONE} when it has no configuration.
     *
     * @param api the change's API as EventBridge's {@code reason} names it ({@link ObjectEvents#LIFECYCLE} makes
     *            removals LifecycleExpiration events)
     */
    public ObjectEvents byS3(Bucket bucket, String api) {
        NotificationRules rules = NotificationRules.of(bucket.notification());
        if (!rules.any()) {
            return ObjectEvents.NONE;
        }
        return new ObjectEvents(this, rules, bucket, api, new S3EventMessage.Origin(bucket.name(), bucket.region(),
                bucket.accountId(), S3Owners.canonicalId(bucket.accountId()), S3EventMessage.S3_ITSELF,
                S3EventMessage.S3_ITSELF, RequestIds.s3RequestId(), RequestIds.s3HostId(), Instant.now()));
    }

    static S3EventMessage.Origin origin(Bucket bucket, String requestId, Principal principal, String forwardedFor) {
        String sourceIp = forwardedFor == null || forwardedFor.isBlank() ? "127.0.0.1"
                : forwardedFor.split(",")[0].trim();
        String principalId = principal == null || principal.accessKeyId() == null ? "Anonymous"
                : "AWS:" + principal.accessKeyId();
        return new S3EventMessage.Origin(bucket.name(), bucket.region(), bucket.accountId(),
                S3Owners.canonicalId(bucket.accountId()), principalId, sourceIp, requestId, RequestIds.s3HostId(),
                Instant.now());
    }

    /**
     * The statements that store {@link Pending} events after the statement that inserts the key's new current version,
     * in the same round trip and transaction: the sequencer, left as {@link #SEQUENCER_PLACEHOLDER} in the messages,
     * is the new row's {@code version_seq} (drawn under the key's lock); no row when no version was inserted. Takes
     * {@code :bucket} and {@code :key}, and the parameters of {@link Pending#bind}.
     */
    public static final String PENDING_SQL = """
            insert into outbox (topic, event_key, event_id, event, created_at)
            select :event_topic, :event_key, e.id, replace(e.event, :event_placeholder, s.sequencer), :event_time
            from unnest(cast(:event_ids as text[]), cast(:events as text[])) e(id, event),
                 (select '"sequencer":"' || lpad(upper(to_hex(version_seq)), 16, '0') || '"' as sequencer from object
                  where bucket = :bucket and key = :key and is_latest) s;
            insert into notification_delivery (destination, url, message)
            select d.destination, d.url, replace(d.message, :event_placeholder, s.sequencer)
            from unnest(cast(:delivery_destinations as text[]), cast(:delivery_urls as text[]),
                        cast(:delivery_messages as text[])) d(destination, url, message),
                 (select '"sequencer":"' || lpad(upper(to_hex(version_seq)), 16, '0') || '"' as sequencer from object
                  where bucket = :bucket and key = :key and is_latest) s""";
    /** What a pending event's messages carry where the sequencer goes (JSON escapes any quote inside a value). */
    static final String SEQUENCER_PLACEHOLDER = "\"sequencer\":\"\"";

    /**
     * Events rendered before the statement that makes the change runs, stored by {@link #PENDING_SQL} in its round
     * trip: the CloudEvents for the outbox and the messages for HTTP endpoints.
     */
    public record Pending(String key, Instant time, List<String> ids, List<String> events, List<String> destinations,
                          List<String> urls, List<String> messages) {

        public MapSqlParameterSource bind(MapSqlParameterSource params) {
            return params.addValue("event_topic", TOPIC).addValue("event_key", key)
                    .addValue("event_placeholder", SEQUENCER_PLACEHOLDER).addValue("event_time", Timestamp.from(time))
                    .addValue("event_ids", ids.toArray(String[]::new)).addValue("events", events.toArray(String[]::new))
                    .addValue("delivery_destinations", destinations.toArray(String[]::new))
                    .addValue("delivery_urls", urls.toArray(String[]::new))
                    .addValue("delivery_messages", messages.toArray(String[]::new));
        }
    }

    /** Collects a change's events into a {@link Pending} (their sequencer to be filled in by {@link #PENDING_SQL}). */
    Pending pending(S3EventMessage.Origin origin, String key, String subject, String type,
                    List<Map.Entry<String, String>> messages) {
        Pending p = new Pending(key, origin.time(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        for (Map.Entry<String, String> m : messages) {
            if (outbox.isEnabled()) { // no bus: nothing would ever drain the outbox
                BusEvent event = new BusEvent(TOPIC, key, UUID.randomUUID().toString(), origin.bucketArn(),
                        "aws.s3." + type, subject, origin.time(), m.getValue(), Map.of(DESTINATION, m.getKey()));
                p.ids().add(event.id());
                p.events().add(event.toCloudEventJson());
            }
            String url = endpoints.url(m.getKey());
            if (url != null) {
                p.destinations().add(m.getKey());
                p.urls().add(url);
                p.messages().add(m.getValue());
            }
        }
        if (!p.events().isEmpty()) {
            outbox.wakeAfterCommit(); // once for the change, however many destinations it reaches
        }
        return p;
    }

    /** A new value of the sequence that orders a key's changes (drawn under the key's lock, so in commit order). */
    long nextSequence() {
        Long next = jdbc.queryForObject("select nextval('object_version_seq')", Long.class);
        return next == null ? 0 : next;
    }

    /**
     * Within the change's transaction: the event bound for one destination, on the bus and, when the destination is
     * mapped to an endpoint, for delivery there.
     *
     * @param key     the bus record's key (bucket/key)
     * @param subject the object key, or null
     */
    void write(S3EventMessage.Origin origin, String key, String subject, String type, String destination,
               String message) {
        outbox.append(new BusEvent(TOPIC, key, UUID.randomUUID().toString(), origin.bucketArn(), "aws.s3." + type,
                subject, origin.time(), message, Map.of(DESTINATION, destination)));
        String url = endpoints.url(destination);
        if (url != null) {
            jdbc.update("insert into notification_delivery (destination, url, message) values (?, ?, ?)",
                    destination, url, message);
        }
    }

    /**
     * Within the transaction that saves a configuration: the test message S3 sends each queue and topic of it
     * (functions and EventBridge get none).
     */
    void testEvents(Bucket bucket, NotificationRules rules, String requestId, Principal principal, String forwardedFor) {
        S3EventMessage.Origin origin = origin(bucket, requestId, principal, forwardedFor);
        String message = S3EventMessage.testEvent(origin);
        for (NotificationRules.Destination d : rules.destinations()) {
            if (d.kind() != NotificationRules.Kind.FUNCTION) {
                write(origin, bucket.name(), null, "TestEvent", d.arn(), message);
            }
        }
    }
}
