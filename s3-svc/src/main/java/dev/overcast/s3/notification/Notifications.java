package dev.overcast.s3.notification;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.Principal;
import dev.overcast.common.bus.BusEvent;
import dev.overcast.common.bus.Outbox;
import dev.overcast.common.protocol.RequestIds;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    public Notifications(JdbcClient jdbcClient, JdbcTemplate jdbc, NotificationEndpoints endpoints) {
        this.outbox = new Outbox(jdbcClient);
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

    static S3EventMessage.Origin origin(Bucket bucket, String requestId, Principal principal, String forwardedFor) {
        String sourceIp = forwardedFor == null || forwardedFor.isBlank() ? "127.0.0.1"
                : forwardedFor.split(",")[0].trim();
        String principalId = principal == null || principal.accessKeyId() == null ? "Anonymous"
                : "AWS:" + principal.accessKeyId();
        return new S3EventMessage.Origin(bucket.name(), bucket.region(), bucket.accountId(),
                S3Owners.canonicalId(bucket.accountId()), principalId, sourceIp, requestId, RequestIds.s3HostId(),
                Instant.now());
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
