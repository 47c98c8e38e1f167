package dev.overcast.glue.classifier;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.XMLClassifier;

/**
 * An XML classifier: every element named by the classifier's RowTag is a record; its attributes and child elements are
 * its columns (a child with children of its own a struct, a child repeated in a record an array), their types inferred
 * from the text as the CSV classifier infers them. DTDs and external entities are never read.
 */
final class XmlFormat {

    private static final int SAMPLE_ROWS = 1000;
    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private XmlFormat() {
    }

    /** The file's schema when it holds at least one RowTag element; else null. */
    static FileSchema classify(String text, String compression, XMLClassifier classifier) {
        if (classifier.rowTag() == null || classifier.rowTag().isEmpty() || !text.stripLeading().startsWith("<")) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        int rows = 0;
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(text));
            while (r.hasNext() && rows < SAMPLE_ROWS) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(classifier.rowTag())) {
                    columns = Types.merge(columns, fields(r));
                    rows++;
                }
            }
        } catch (XMLStreamException e) {
            // a head cut inside an element ends the sample; a document that does not parse before its first row is not XML
            if (rows == 0) {
                return null;
            }
        }
        if (rows == 0 || columns.isEmpty()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("rowTag", classifier.rowTag());
        return new FileSchema(classifier.classification(), compression, columns, params);
    }

    /** The columns of the element the reader is at (its attributes, then its children), reading up to its end. */
    private static List<Column> fields(XMLStreamReader r) throws XMLStreamException {
        Map<String, String> types = new LinkedHashMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            types.put(r.getAttributeLocalName(i), Types.widen(null, Types.ofText(r.getAttributeValue(i).trim())));
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                String type = value(r);
                seen.merge(name, 1, Integer::sum);
                types.put(name, Types.widen(types.get(name), type));
            }
        }
        List<Column> out = new ArrayList<>();
        types.forEach((name, type) -> out.add(Types.column(name, seen.getOrDefault(name, 0) > 1
                ? "array<" + (type == null ? "string" : type) + ">" : type == null ? "string" : type)));
        return out;
    }

    /** The type of the element the reader is at: a struct of its children, or its text's type. */
    private static String value(XMLStreamReader r) throws XMLStreamException {
        boolean nested = r.getAttributeCount() > 0;
        List<Column> children = new ArrayList<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            children.add(Types.column(r.getAttributeLocalName(i), or(Types.ofText(r.getAttributeValue(i).trim()))));
        }
        StringBuilder text = new StringBuilder();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                nested = true;
                String name = r.getLocalName();
                children = Types.merge(children, List.of(Types.column(name, or(value(r)))));
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        if (!nested) {
            return Types.ofText(text.toString().trim());
        }
        StringBuilder s = new StringBuilder("struct<");
        for (int i = 0; i < children.size(); i++) {
            s.append(i == 0 ? "" : ",").append(children.get(i).name()).append(':').append(children.get(i).type());
        }
        return s.append('>').toString();
    }

    private static String or(String type) {
        return type == null ? "string" : type;
    }
}
