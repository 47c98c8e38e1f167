package dev.overcast.dynamodb.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An item change as Kinesis Data Streams for DynamoDB writes it to the stream: a JSON document with awsRegion,
 * eventID, eventName, userIdentity, recordFormat "application/json", tableName, dynamodb (ApproximateCreationDateTime
 * in epoch milliseconds or microseconds as the destination's precision says, Keys, NewImage, OldImage, SizeBytes) and
 * eventSource "aws:dynamodb". Both images are always there (when the item existed), whatever a DynamoDB stream's view
 * type; the partition key is a hash of the item's primary key, so all changes of one item go to one shard.
 */
final class ChangeRecords {

    private static final JsonFactory JSON = new JsonFactory();

    private ChangeRecords() {
    }

    /** The record's data. The event id is the same each time the change is delivered, so a consumer can skip a repeat. */
    static String data(KinesisChangeStore.Change c, String region, String tableName, String precision) {
        StringWriter out = new StringWriter(256 + c.keys().length()
                + (c.newImage() == null ? 0 : c.newImage().length()) + (c.oldImage() == null ? 0 : c.oldImage().length()));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("awsRegion", region);
            g.writeStringField("eventID", eventId(c));
            g.writeStringField("eventName", c.eventName());
            if (c.userIdentity() == null) {
                g.writeNullField("userIdentity");
            } else {
                g.writeObjectFieldStart("userIdentity");
                g.writeStringField("type", "Service");
                g.writeStringField("principalId", c.userIdentity());
                g.writeEndObject();
            }
            g.writeStringField("recordFormat", "application/json");
            g.writeStringField("tableName", tableName);
            g.writeObjectFieldStart("dynamodb");
            g.writeNumberField("ApproximateCreationDateTime", "MICROSECOND".equals(precision)
                    ? ChronoUnit.MICROS.between(Instant.EPOCH, c.createdAt()) : c.createdAt().toEpochMilli());
            g.writeFieldName("Keys");
            g.writeRawValue(c.keys());
            if (c.newImage() != null) {
                g.writeFieldName("NewImage");
                g.writeRawValue(c.newImage());
            }
            if (c.oldImage() != null) {
                g.writeFieldName("OldImage");
                g.writeRawValue(c.oldImage());
            }
            g.writeNumberField("SizeBytes", c.sizeBytes());
            g.writeStringField("ApproximateCreationDateTimePrecision", precision);
            g.writeEndObject();
            g.writeStringField("eventSource", "aws:dynamodb");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String eventId(KinesisChangeStore.Change c) {
        return UUID.nameUUIDFromBytes(("kinesis|" + c.tableId() + "|" + c.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The partition key: the MD5 of the item's key (as stored, DynamoDB JSON), 32 upper-case hex digits. */
    static String partitionKey(KinesisChangeStore.Change c) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("MD5").digest(c.keys().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
