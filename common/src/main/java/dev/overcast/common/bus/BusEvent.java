package dev.overcast.common.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event bound for a topic of the shared bus: a CloudEvents 1.0 event in structured JSON mode, keyed by the resource
 * it is about (the Kafka record key, so one resource's events keep their order).
 *
 * @param topic      the bus topic, e.g. {@code overcast.s3.events}
 * @param key        the resource the event is about (bucket/key, table/item key): the Kafka record key
 * @param id         the CloudEvent id, unique per event; consumers remember it to absorb duplicates
 * @param source     the resource ARN
 * @param type       e.g. {@code aws.s3.ObjectCreated:Put}
 * @param subject    the CloudEvent subject (an object key, an item key), or null
 * @param time       when the change happened
 * @param dataJson   the AWS-shaped payload as JSON text, written as the event's {@code data}
 * @param extensions CloudEvent extension attributes (lower-case alphanumeric names), e.g. {@code overcastdestination}
 */
public record BusEvent(String topic, String key, String id, String source, String type, String subject, Instant time,
                       String dataJson, Map<String, String> extensions) {

    private static final JsonFactory JSON = new JsonFactory();

    public BusEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(dataJson, "dataJson");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A new event with a fresh random id and no extensions. */
    public static BusEvent of(String topic, String key, String source, String type, String subject, Instant time, String dataJson) {
        return new BusEvent(topic, key, UUID.randomUUID().toString(), source, type, subject, time, dataJson, Map.of());
    }

    public BusEvent withExtension(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(extensions);
        more.put(name, value);
        return new BusEvent(topic, key, id, source, type, subject, time, dataJson, more);
    }

    /** The event in CloudEvents 1.0 structured JSON ({@code application/cloudevents+json}). */
    public String toCloudEventJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", "1.0");
            g.writeStringField("id", id);
            g.writeStringField("source", source);
            g.writeStringField("type", type);
            if (subject != null) {
                g.writeStringField("subject", subject);
            }
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(time));
            g.writeStringField("datacontenttype", "application/json");
            for (Map.Entry<String, String> e : extensions.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeFieldName("data");
            g.writeRawValue(dataJson);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
