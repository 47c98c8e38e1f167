package dev.overcast.dynamodb.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.dynamodb.value.ItemJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The bus's copy of a stream record (composed from the stored images, {@link StreamRecords#json}) is, byte for byte,
 * the record GetRecords returns written by the protocol's own writer.
 */
class StreamRecordJsonTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/2026-12-07T18:00:00.000";

    @Test
    void theBusCarriesTheRecordGetRecordsReturns() {
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        keys.put("pk", AttributeValue.fromS("ünïcode \"quoted\" \\ back\nslash\u0001"));
        keys.put("sk", AttributeValue.fromN("-12.50"));
        Map<String, AttributeValue> item = new LinkedHashMap<>(keys);
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff, 0x7f})));
        item.put("flag", AttributeValue.fromBool(false));
        item.put("none", AttributeValue.fromNul(true));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b\u2028")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2E+3")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {9}), SdkBytes.fromByteArray(new byte[0]))));
        item.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromS("x"),
                AttributeValue.fromM(Map.of()), AttributeValue.fromL(List.of()))))));
        Map<String, AttributeValue> older = Map.of("pk", keys.get("pk"), "sk", keys.get("sk"), "v", AttributeValue.fromN("1"));
        String k = ItemJson.write(keys);
        String newImage = ItemJson.write(item);
        String oldImage = ItemJson.write(older);
        for (Instant created : List.of(Instant.parse("2026-12-07T18:00:00Z"), Instant.parse("2026-12-07T18:00:00.120Z"),
                Instant.parse("2026-12-07T18:00:00.123456Z"))) {
            same(7, "MODIFY", created, k, newImage, oldImage, StreamViewType.NEW_AND_OLD_IMAGES, null);
            same(123_456_789_012L, "INSERT", created, k, newImage, null, StreamViewType.NEW_IMAGE, null);
            same(8, "REMOVE", created, k, null, oldImage, StreamViewType.OLD_IMAGE, "dynamodb.amazonaws.com");
            same(9, "MODIFY", created, k, null, null, StreamViewType.KEYS_ONLY, null);
        }
    }

    private static void same(long seq, String event, Instant created, String keys, String newImage, String oldImage,
                             StreamViewType view, String principal) {
        String expected = ModelJson.write(StreamRecords.of(ARN, seq, event, "eu-west-1", created, keys, newImage, oldImage,
                321, view, principal));
        assertThat(StreamRecords.json(ARN, seq, event, "eu-west-1", created, keys, newImage, oldImage, 321, view.toString(),
                principal)).isEqualTo(expected);
    }
}
