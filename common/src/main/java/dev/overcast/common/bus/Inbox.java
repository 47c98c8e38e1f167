package dev.overcast.common.bus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idempotent receiving end of the bus in a service: {@link #receive} records the CloudEvent's id in the
 * {@code bus_inbox} table of the service's own schema and hands the event to its {@link BusListener}, in one
 * transaction; an id already recorded (a redelivery: the relay sent a row again, or a consumer's offsets were not
 * committed before a crash) is absorbed without calling the listener.
 *
 * <p>Each service that consumes events creates the table in its own Flyway migration, exactly:
 * <pre>
 * create table bus_inbox (
 *     listener    text        not null,
 *     event_id    text        not null,
 *     topic       text        not null,
 *     received_at timestamptz not null default now(),
 *     primary key (listener, event_id)
 * );
 * </pre>
 */
public class Inbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CONTEXT = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public Inbox(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Hands a CloudEvent (structured JSON) read from {@code topic} to the listener once: false when its id was
     * already received by that listener (or the text is no CloudEvent, which is passed over).
     */
    public boolean receive(BusListener listener, String topic, String cloudEventJson) {
        BusListener.Event event = parse(topic, cloudEventJson);
        if (event == null) {
            return false;
        }
        Boolean handled = tx.execute(status -> {
            int inserted = jdbc.sql("""
                            insert into bus_inbox (listener, event_id, topic) values (:listener, :id, :topic)
                            on conflict do nothing""")
                    .param("listener", listener.name()).param("id", event.id()).param("topic", topic).update();
            if (inserted == 0) {
                return false;
            }
            listener.onEvent(event);
            return true;
        });
        return Boolean.TRUE.equals(handled);
    }

    /**
     * Forgets the ids the listener received more than {@code age} ago (by the database's clock, as the broker's log
     * retention counts): ids older than the bus keeps its log cannot come again unless a group's offsets are lost.
     */
    public int forget(BusListener listener, Duration age) {
        return jdbc.sql("delete from bus_inbox where listener = :listener and received_at < now() - make_interval(secs => :age)")
                .param("listener", listener.name()).param("age", (double) age.toSeconds()).update();
    }

    /** The event, or null when the text is not a CloudEvent with an id. */
    static BusListener.Event parse(String topic, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.path("id").isString()) {
            return null;
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!CONTEXT.contains(e.getKey()) && e.getValue().isString()) {
                extensions.put(e.getKey(), e.getValue().asString());
            }
        }
        return new BusListener.Event(topic, node.path("id").asString(), text(node, "source"), text(node, "type"),
                text(node, "subject"), text(node, "time"), Map.copyOf(extensions), node.path("data"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
