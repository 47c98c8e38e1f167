package dev.overcast.s3.post;

import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.xml.XmlValueReader;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.tagging.Tags;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.services.s3.model.Tagging;

/** The {@code tagging} form field: a {@code <Tagging><TagSet>…} document, read by the protocol layer's XML reader. */
final class TaggingXml {

    private TaggingXml() {
    }

    static Map<String, String> tags(String xml) {
        if (xml == null || xml.isBlank()) {
            return Map.of();
        }
        try {
            XMLStreamReader r = XmlValueReader.openRoot(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            if (r == null || !"Tagging".equals(r.getLocalName())) {
                throw S3Errors.malformedXml();
            }
            Tagging tagging = (Tagging) XmlValueReader.readStructure(r, Shape.of(Tagging.class));
            if (!tagging.hasTagSet()) {
                throw S3Errors.malformedXml();
            }
            return Tags.objectTags(tagging.tagSet());
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof dev.overcast.common.error.AwsException aws) {
                throw aws;
            }
            throw S3Errors.malformedXml();
        }
    }
}
