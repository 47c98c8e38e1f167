package dev.overcast.common.bus;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A consumer of the shared bus inside a service: a bean of this type is fed every event of its topics, once each (its
 * CloudEvent id remembered in the service's {@link Inbox}), inside the transaction that remembers it. With a bus
 * configured, a {@link BusSubscription} reads the topics for it as the consumer group {@code overcast-<schema>-<name>}
 * (replicas share the group; a new group starts at the topics' beginning, so no event committed before the service
 * first subscribed is missed).
 */
public interface BusListener {

    /** Names the consumer group (with the schema): stable across releases, or the group starts over. */
    String name();

    /** The bus topics read, e.g. {@code overcast.s3.events}. */
    List<String> topics();

    /**
     * Handles one event, in the transaction that records its id: what it writes commits with that record, or neither
     * does. A {@link org.springframework.dao.DataAccessException} (the database away) has the event delivered again;
     * another exception is logged and the event is passed over.
     */
    void onEvent(Event event);

    /**
     * A CloudEvent as read from the bus (structured JSON mode).
     *
     * @param topic      the topic it was read from
     * @param id         the CloudEvent id
     * @param source     the resource ARN
     * @param type       e.g. {@code aws.s3.ObjectCreated:Put}
     * @param subject    the subject, or null
     * @param time       the CloudEvent time as written, or null
     * @param extensions the extension attributes with a text value (e.g. {@code overcastdestination})
     * @param data       the AWS-shaped payload
     */
    record Event(String topic, String id, String source, String type, String subject, String time,
                 Map<String, String> extensions, JsonNode data) {
    }
}
