package dev.overcast.common.protocol.xml;

import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Scalars;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.model.Timestamps;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;

/**
 * Reads model shapes from XML with StAX (DTDs and external entities disabled). Unknown elements are skipped.
 * Throws {@link XMLStreamException} for malformed XML and {@link IllegalArgumentException} for values that do
 * not fit their member.
 */
public final class XmlValueReader {

    private static final XMLInputFactory FACTORY = createFactory();

    private static XMLInputFactory createFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private XmlValueReader() {
    }

    /**
     * Opens a document and moves to its root element; returns {@code null} for an empty document.
     */
    public static XMLStreamReader openRoot(InputStream in) throws XMLStreamException {
        XMLStreamReader r = FACTORY.createXMLStreamReader(in);
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                return r;
            }
        }
        return null;
    }

    /** Reads the element the reader is at as a structure; ends at its END_ELEMENT. */
    public static Object readStructure(XMLStreamReader r, Shape shape) throws XMLStreamException {
        Object builder = shape.newBuilder();
        readMembers(r, shape, builder);
        return Shape.build(builder);
    }

    /** Reads the attributes and child elements of the current element into the builder. */
    public static void readMembers(XMLStreamReader r, Shape shape, Object builder) throws XMLStreamException {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String prefix = r.getAttributePrefix(i);
            String local = r.getAttributeLocalName(i);
            String qualified = prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
            for (Member m : shape.payloadMembers()) {
                if (m.xmlAttribute() && (m.name().equals(qualified) || m.name().endsWith(":" + local)
                        || m.name().equals(local))) {
                    m.set(builder, Scalars.parse(r.getAttributeValue(i), m, Timestamps.Where.XML_BODY));
                }
            }
        }
        Map<Member, List<Object>> flattened = new LinkedHashMap<>();
        Map<Member, Map<String, Object>> flattenedMaps = new LinkedHashMap<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            Member m = shape.payloadMember(r.getLocalName());
            if (m == null || m.xmlAttribute()) {
                skipElement(r);
                continue;
            }
            if (m.type() == MarshallingKnownType.LIST && m.flattened()) {
                flattened.computeIfAbsent(m, k -> new ArrayList<>()).add(readValue(r, m.element()));
            } else if (m.type() == MarshallingKnownType.MAP && m.flattened()) {
                Map<String, Object> map = flattenedMaps.computeIfAbsent(m, k -> new LinkedHashMap<>());
                readEntry(r, m, map);
            } else {
                Object v = readValue(r, m);
                if (v != null) {
                    m.set(builder, v);
                }
            }
        }
        flattened.forEach((m, list) -> m.set(builder, list));
        flattenedMaps.forEach((m, map) -> m.set(builder, map));
    }

    /** Reads the value of the element the reader is at; ends at its END_ELEMENT. */
    public static Object readValue(XMLStreamReader r, Member m) throws XMLStreamException {
        switch (m.type()) {
            case SDK_POJO:
                return readStructure(r, m.shape());
            case LIST: {
                List<Object> list = new ArrayList<>();
                while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    list.add(readValue(r, m.element()));
                }
                return list;
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    readEntry(r, m, map);
                }
                return map;
            }
            case DOCUMENT:
                skipElement(r);
                return null;
            default:
                return Scalars.parse(r.getElementText(), m, Timestamps.Where.XML_BODY);
        }
    }

    /** Reads one {@code <entry><key/><value/></entry>} (any element name) into the map. */
    private static void readEntry(XMLStreamReader r, Member m, Map<String, Object> map) throws XMLStreamException {
        String keyName = m.mapTrait().keyLocationName() == null ? "key" : m.mapTrait().keyLocationName();
        String key = null;
        Object value = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (r.getLocalName().equals(keyName)) {
                key = r.getElementText();
            } else {
                value = readValue(r, m.mapValue());
            }
        }
        if (key != null) {
            map.put(key, value);
        }
    }

    public static void skipElement(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
