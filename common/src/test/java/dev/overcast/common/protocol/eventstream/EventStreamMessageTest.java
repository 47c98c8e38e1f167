package dev.overcast.common.protocol.eventstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;

class EventStreamMessageTest {

    static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    static final Instant TS = Instant.parse("2024-05-06T07:08:09.123Z");

    static EventStreamMessage ours() {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put("t", HeaderValue.of(true));
        h.put("f", HeaderValue.of(false));
        h.put("byte", HeaderValue.of((byte) -7));
        h.put("short", HeaderValue.of((short) 31000));
        h.put("int", HeaderValue.of(-123456789));
        h.put("long", HeaderValue.of(Long.MAX_VALUE - 5));
        h.put("bytes", HeaderValue.of(new byte[] {0, 1, (byte) 0xff}));
        h.put("string", HeaderValue.of("héllo"));
        h.put("ts", HeaderValue.of(TS));
        h.put("uuid", HeaderValue.of(ID));
        return new EventStreamMessage(h, "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
    }

    static Message theirs() {
        Map<String, software.amazon.awssdk.eventstream.HeaderValue> h = new LinkedHashMap<>();
        h.put("t", software.amazon.awssdk.eventstream.HeaderValue.fromBoolean(true));
        h.put("f", software.amazon.awssdk.eventstream.HeaderValue.fromBoolean(false));
        h.put("byte", software.amazon.awssdk.eventstream.HeaderValue.fromByte((byte) -7));
        h.put("short", software.amazon.awssdk.eventstream.HeaderValue.fromShort((short) 31000));
        h.put("int", software.amazon.awssdk.eventstream.HeaderValue.fromInteger(-123456789));
        h.put("long", software.amazon.awssdk.eventstream.HeaderValue.fromLong(Long.MAX_VALUE - 5));
        h.put("bytes", software.amazon.awssdk.eventstream.HeaderValue.fromByteArray(new byte[] {0, 1, (byte) 0xff}));
        h.put("string", software.amazon.awssdk.eventstream.HeaderValue.fromString("héllo"));
        h.put("ts", software.amazon.awssdk.eventstream.HeaderValue.fromTimestamp(TS));
        h.put("uuid", software.amazon.awssdk.eventstream.HeaderValue.fromUuid(ID));
        return new Message(h, "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oursDecodesWithTheirs() {
        Message decoded = Message.decode(ByteBuffer.wrap(ours().encode()));
        assertThat(decoded).isEqualTo(theirs());
    }

    @Test
    void theirsDecodesWithOurs() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        theirs().encode(out);
        assertThat(EventStreamMessage.decode(out.toByteArray())).isEqualTo(ours());
        assertThat(ours().encode()).isEqualTo(out.toByteArray());
    }

    @Test
    void eventHelperAndStreamReading() throws Exception {
        EventStreamMessage e1 = EventStreamMessage.event("SubscribeToShardEvent", "application/json",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        EventStreamMessage e2 = EventStreamMessage.exception("ResourceNotFoundException", "application/json", new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(e1.encode());
        out.write(e2.encode());
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        EventStreamMessage r1 = EventStreamMessage.read(in);
        assertThat(r1).isEqualTo(e1);
        assertThat(r1.header(":event-type")).isEqualTo("SubscribeToShardEvent");
        assertThat(r1.header(":message-type")).isEqualTo("event");
        assertThat(EventStreamMessage.read(in)).isEqualTo(e2);
        assertThat(EventStreamMessage.read(in)).isNull();

        Message theirs = Message.decode(ByteBuffer.wrap(e1.encode()));
        assertThat(theirs.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
        assertThat(new String(theirs.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void corruptMessagesAreRejected() {
        byte[] bytes = ours().encode();
        bytes[bytes.length - 6] ^= 1;
        assertThatThrownBy(() -> EventStreamMessage.decode(bytes)).hasMessageContaining("CRC");
        byte[] prelude = ours().encode();
        prelude[2] ^= 1;
        assertThatThrownBy(() -> EventStreamMessage.decode(prelude)).hasMessageContaining("prelude");
    }
}
