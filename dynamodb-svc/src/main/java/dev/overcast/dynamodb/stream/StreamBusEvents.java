package dev.overcast.dynamodb.stream;

import dev.overcast.common.bus.BusEvent;
import dev.overcast.common.bus.Outbox;
import dev.overcast.dynamodb.schema.TableDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * DynamoDB Streams on the bus: each stream record also goes, in the item's transaction, into the service's outbox for
 * topic {@code overcast.dynamodb.streams}: source = the table ARN, type {@code aws.dynamodb.INSERT|MODIFY|REMOVE},
 * subject = the item's key, data = the record as GetRecords returns it, id = its eventID (a record published twice
 * after a crash keeps its id); the Kafka key is the table ARN and the item key, so one item's changes stay in order.
 */
@Component
public class StreamBusEvents {

    public static final String TOPIC = "overcast.dynamodb.streams";

    private final Outbox outbox;

    public StreamBusEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A stream record just written, by its {@code seq}. */
    record Recorded(TableDef table, long seq, String eventName, Instant created, String keys, String newImage,
                    String oldImage, int sizeBytes, String userIdentity) {
    }

    /** Appends the events of stream records just written, in their order, in the current transaction. */
    void recorded(List<Recorded> records) {
        if (!outbox.isEnabled() || records.isEmpty()) {
            return;
        }
        List<BusEvent> events = new ArrayList<>(records.size());
        for (Recorded r : records) {
            TableDef table = r.table();
            String streamArn = table.description().latestStreamArn();
            String data = StreamRecords.json(streamArn, r.seq(), r.eventName(), table.region(), r.created(), r.keys(),
                    r.newImage(), r.oldImage(), r.sizeBytes(), table.description().streamSpecification().streamViewTypeAsString(),
                    r.userIdentity());
            events.add(new BusEvent(TOPIC, table.arn() + "|" + r.keys(), StreamRecords.eventId(streamArn, r.seq()), table.arn(),
                    "aws.dynamodb." + r.eventName(), r.keys(), r.created(), data, Map.of()));
        }
        outbox.appendAll(events);
    }
}
