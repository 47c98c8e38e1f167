package dev.overcast.common.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.overcast.common.protocol.model.Member;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.LocationTrait;

/** The DOCUMENT type (JSON protocols only): free-form JSON values both ways. */
class DocumentValueTest {

    static final Member DOC = Member.of(SdkField.<Document>builder(MarshallingType.DOCUMENT).memberName("Doc")
            .getter(o -> null).setter((o, v) -> { })
            .traits(LocationTrait.builder().location(MarshallLocation.PAYLOAD).locationName("Doc").build()).build());

    @Test
    void roundTrip() throws Exception {
        String json = "{\"s\":\"x\",\"n\":1.5,\"i\":7,\"b\":true,\"z\":null,\"l\":[1,\"two\",{\"k\":false}],\"m\":{}}";
        JsonParser p = new JsonFactory().createParser(json);
        Document d = (Document) new JsonValueReader(false).readValue(p, p.nextToken(), DOC);
        assertThat(d.asMap().get("s").asString()).isEqualTo("x");
        assertThat(d.asMap().get("n").asNumber().doubleValue()).isEqualTo(1.5);
        assertThat(d.asMap().get("z").isNull()).isTrue();
        assertThat(d.asMap().get("l").asList()).hasSize(3);
        assertThat(d).isEqualTo(Document.mapBuilder().putString("s", "x").putNumber("n", "1.5").putNumber("i", 7)
                .putBoolean("b", true).putNull("z")
                .putList("l", List.of(Document.fromNumber(1), Document.fromString("two"),
                        Document.fromMap(Map.of("k", Document.fromBoolean(false)))))
                .putDocument("m", Document.fromMap(Map.of())).build());
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            new JsonValueWriter(false).writeValue(g, DOC, d);
        }
        assertThat(w.toString()).isEqualTo(json);
    }
}
