package dev.overcast.dynamodb.stream;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.bus.BusEvent;
import dev.overcast.common.bus.Outbox;
import dev.overcast.dynamodb.schema.TableDef;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.Record;

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

    /** Appends the event of a stream record just written (its {@code seq}), in the current transaction. */
    void recorded(TableDef table, long seq, String eventName, Instant created, String keys, String newImage,
                  String oldImage, int sizeBytes, String userIdentity) {
        if (!outbox.isEnabled()) {
            return;
        }
        String streamArn = table.description().latestStreamArn();
        Record record = StreamRecords.of(streamArn, seq, eventName, table.region(), created, keys, newImage, oldImage,
                sizeBytes, table.description().streamSpecification().streamViewType(), userIdentity);
        outbox.append(new BusEvent(TOPIC, table.arn() + "|" + keys, record.eventID(), table.arn(),
                "aws.dynamodb." + eventName, keys, created, ModelJson.write(record), Map.of()));
    }
}
