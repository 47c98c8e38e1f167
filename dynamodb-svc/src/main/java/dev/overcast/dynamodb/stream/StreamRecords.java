package dev.overcast.dynamodb.stream;

import dev.overcast.dynamodb.value.ItemJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** A stream record as GetRecords returns it (and as the bus carries it), from what {@code stream_record} keeps. */
final class StreamRecords {

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
                .eventID(UUID.nameUUIDFromBytes((streamArn + seq).getBytes(StandardCharsets.UTF_8)).toString().replace("-", ""))
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
}
