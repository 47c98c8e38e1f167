package dev.overcast.dynamodb.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.overcast.common.protocol.model.Timestamps;
import dev.overcast.dynamodb.value.ItemJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** A stream record as GetRecords returns it (and as the bus carries it), from what {@code stream_record} keeps. */
final class StreamRecords {

    private static final JsonFactory JSON = new JsonFactory();

    private StreamRecords() {
    }

    /**
     * @param keys     the item's key attributes as stored (ItemJson)
     * @param newImage the new image as stored, or null
     * @param oldImage the old image as stored, or null
     * @param userIdentity the service principal of a TTL deletion, or null
     */
    static Record of(String streamArn, long seq, String eventName, String region, Instant created, String keys,
                     String newImage, String oldImage, int sizeBytes, StreamViewType view, String userIdentity) {
        StreamRecord.Builder sr = StreamRecord.builder()
                .approximateCreationDateTime(created)
                .keys(ItemJson.read(keys))
                .sequenceNumber(StreamApi.sequenceNumber(seq))
                .sizeBytes((long) sizeBytes)
                .streamViewType(view);
        if (newImage != null) {
            sr.newImage(ItemJson.read(newImage));
        }
        if (oldImage != null) {
            sr.oldImage(ItemJson.read(oldImage));
        }
        Record.Builder rec = Record.builder()
                .eventID(eventId(streamArn, seq))
                .eventName(eventName)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion(region)
                .dynamodb(sr.build());
        if (userIdentity != null) {
            rec.userIdentity(Identity.builder().type("Service").principalId(userIdentity).build());
        }
        return rec.build();
    }

    /** A record's eventID: the same for the same record, whenever it is read. */
    static String eventId(String streamArn, long seq) {
        return UUID.nameUUIDFromBytes((streamArn + seq).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    /**
     * The record {@link #of} gives, as the JSON protocol writes it (what the bus carries as the event's data), written
     * straight from what {@code stream_record} keeps (the view type as the table's stream specification names it): the stored images are already in the wire form of an attribute
     * map, so they go in as they are, never read into values and written again. Parameters as {@link #of}'s.
     */
    static String json(String streamArn, long seq, String eventName, String region, Instant created, String keys,
                       String newImage, String oldImage, int sizeBytes, String view, String userIdentity) {
        StringWriter out = new StringWriter(256 + keys.length() + (newImage == null ? 0 : newImage.length())
                + (oldImage == null ? 0 : oldImage.length()));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            // members in the SDK model's order, as the protocol's writer takes them
            g.writeStartObject();
            g.writeStringField("eventID", eventId(streamArn, seq));
            g.writeStringField("eventName", eventName);
            g.writeStringField("eventVersion", "1.1");
            g.writeStringField("eventSource", "aws:dynamodb");
            g.writeStringField("awsRegion", region);
            g.writeObjectFieldStart("dynamodb");
            BigDecimal seconds = Timestamps.epochSeconds(created);
            g.writeFieldName("ApproximateCreationDateTime");
            if (seconds.scale() == 0) {
                g.writeNumber(seconds.longValueExact());
            } else {
                g.writeNumber(seconds);
            }
            g.writeFieldName("Keys");
            g.writeRawValue(keys);
            if (newImage != null) {
                g.writeFieldName("NewImage");
                g.writeRawValue(newImage);
            }
            if (oldImage != null) {
                g.writeFieldName("OldImage");
                g.writeRawValue(oldImage);
            }
            g.writeStringField("SequenceNumber", StreamApi.sequenceNumber(seq));
            g.writeNumberField("SizeBytes", (long) sizeBytes);
            g.writeStringField("StreamViewType", view);
            g.writeEndObject();
            if (userIdentity != null) {
                g.writeObjectFieldStart("userIdentity");
                g.writeStringField("PrincipalId", userIdentity);
                g.writeStringField("Type", "Service");
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
