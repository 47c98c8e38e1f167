package dev.overcast.common.protocol.xml;

import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Scalars;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.model.Timestamps;
import java.util.List;
import java.util.Map;

/** Writes model shapes as XML text. Unset members are omitted. */
public final class XmlValueWriter {

    public static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private XmlValueWriter() {
    }

    /** Writes {@code <name attrs>members</name>} for a structure; {@code namespace} is added when not null. */
    public static void writeStructure(StringBuilder sb, String name, Object pojo, String namespace) {
        Shape shape = Shape.of(pojo.getClass());
        sb.append('<').append(name);
        if (namespace != null) {
            sb.append(" xmlns=\"").append(escape(namespace)).append('"');
        }
        writeAttributes(sb, shape, pojo);
        sb.append('>');
        writeMembers(sb, shape, pojo);
        sb.append("</").append(name).append('>');
    }

    private static void writeAttributes(StringBuilder sb, Shape shape, Object pojo) {
        boolean xsiDeclared = false;
        for (Member m : shape.payloadMembers()) {
            if (!m.xmlAttribute()) {
                continue;
            }
            Object v = m.get(pojo);
            if (v == null) {
                continue;
            }
            if (m.name().startsWith("xsi:") && !xsiDeclared) {
                sb.append(" xmlns:xsi=\"").append(XSI).append('"');
                xsiDeclared = true;
            }
            sb.append(' ').append(m.name()).append("=\"")
                    .append(escape(Scalars.format(v, m, Timestamps.Where.XML_BODY))).append('"');
        }
    }

    /** Writes the payload members (not attributes) of a model object as child elements. */
    public static void writeMembers(StringBuilder sb, Shape shape, Object pojo) {
        for (Member m : shape.payloadMembers()) {
            if (m.xmlAttribute()) {
                continue;
            }
            Object v = m.get(pojo);
            if (v != null) {
                writeMember(sb, m, m.name(), v);
            }
        }
    }

    private static void writeMember(StringBuilder sb, Member m, String name, Object v) {
        switch (m.type()) {
            case SDK_POJO -> writeStructure(sb, name, v, null);
            case LIST -> {
                List<?> list = (List<?>) v;
                if (m.flattened()) {
                    for (Object e : list) {
                        writeMember(sb, m.element(), name, e);
                    }
                } else {
                    String elementName = m.listTrait().memberLocationName() != null
                            ? m.listTrait().memberLocationName()
                            : m.element() != null && m.element().name() != null ? m.element().name() : "member";
                    sb.append('<').append(name).append('>');
                    for (Object e : list) {
                        writeMember(sb, m.element(), elementName, e);
                    }
                    sb.append("</").append(name).append('>');
                }
            }
            case MAP -> {
                String keyName = m.mapTrait().keyLocationName() == null ? "key" : m.mapTrait().keyLocationName();
                String valueName = m.mapTrait().valueLocationName() == null ? "value"
                        : m.mapTrait().valueLocationName();
                if (!m.flattened()) {
                    sb.append('<').append(name).append('>');
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    sb.append('<').append(m.flattened() ? name : "entry").append('>');
                    sb.append('<').append(keyName).append('>').append(escape(String.valueOf(e.getKey())))
                            .append("</").append(keyName).append('>');
                    if (e.getValue() != null) {
                        writeMember(sb, m.mapValue(), valueName, e.getValue());
                    }
                    sb.append("</").append(m.flattened() ? name : "entry").append('>');
                }
                if (!m.flattened()) {
                    sb.append("</").append(name).append('>');
                }
            }
            case DOCUMENT -> { }
            default -> sb.append('<').append(name).append('>')
                    .append(escape(Scalars.format(v, m, Timestamps.Where.XML_BODY)))
                    .append("</").append(name).append('>');
        }
    }

    /** Escapes text and attribute values. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                case '\r' -> "&#13;";
                // what XML 1.0 cannot carry (keys may hold any character): a character reference, as S3 writes it
                default -> c < 0x20 && c != '\t' && c != '\n' ? "&#x" + Integer.toHexString(c) + ";" : null;
            };
            if (rep != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
