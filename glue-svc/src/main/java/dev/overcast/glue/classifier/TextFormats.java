package dev.overcast.glue.classifier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.CsvClassifier;
import software.amazon.awssdk.services.glue.model.CsvHeaderOption;

/** The text classifiers: JSON (objects, one per line or concatenated, or the elements a JsonPath names) and CSV. */
final class TextFormats {

    /** Glue's built-in CSV classifier tries these delimiters: comma, pipe, tab, semicolon, Ctrl-A. */
    private static final char[] DELIMITERS = {',', '|', '\t', ';', '\u0001'};
    private static final int SAMPLE_ROWS = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TextFormats() {
    }

    static FileSchema json(String text, String compression, String jsonPath) {
        String trimmed = text.stripLeading();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        int records = 0;
        try (JsonParser p = new JsonFactory().createParser(trimmed)) {
            p.setCodec(MAPPER);
            Iterator<JsonNode> it = p.readValuesAs(JsonNode.class);
            while (it.hasNext() && records < SAMPLE_ROWS) {
                for (JsonNode record : select(it.next(), jsonPath)) {
                    if (!record.isObject()) {
                        return null;
                    }
                    columns = Types.merge(columns, objectColumns(record));
                    records++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a head cut inside a record ends the sample; a first record that does not parse is not JSON
            if (records == 0) {
                return null;
            }
        }
        if (records == 0 || columns.isEmpty()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (jsonPath != null) {
            params.put("jsonPath", jsonPath);
        }
        return new FileSchema("json", compression, columns, params);
    }

    /** The records a JsonPath ({@code $}, {@code $[*]}, {@code $.a.b[*]}) names in a document; without one, the document. */
    private static List<JsonNode> select(JsonNode doc, String path) {
        List<JsonNode> out = new ArrayList<>();
        if (path == null || path.equals("$")) {
            if (doc.isArray()) {
                doc.forEach(out::add);
            } else {
                out.add(doc);
            }
            return out;
        }
        JsonNode node = doc;
        String rest = path.startsWith("$") ? path.substring(1) : path;
        boolean each = rest.endsWith("[*]");
        if (each) {
            rest = rest.substring(0, rest.length() - 3);
        }
        for (String part : rest.split("\\.")) {
            if (!part.isEmpty()) {
                node = node == null ? null : node.get(part);
            }
        }
        if (node != null) {
            if (each && node.isArray()) {
                node.forEach(out::add);
            } else {
                out.add(node);
            }
        }
        return out;
    }

    private static List<Column> objectColumns(JsonNode object) {
        List<Column> columns = new ArrayList<>();
        object.properties().forEach(e -> columns.add(Types.column(e.getKey(), jsonType(e.getValue()))));
        return columns;
    }

    private static String jsonType(JsonNode v) {
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isInt()) {
            return "int";
        }
        if (v.isIntegralNumber()) {
            return "bigint";
        }
        if (v.isNumber()) {
            return "double";
        }
        if (v.isArray()) {
            String element = null;
            for (JsonNode e : v) {
                element = Types.widen(element, jsonType(e));
            }
            return "array<" + (element == null ? "string" : element) + ">";
        }
        if (v.isObject()) {
            StringBuilder s = new StringBuilder("struct<");
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                s.append(first ? "" : ",").append(e.getKey()).append(':').append(jsonType(e.getValue()));
                first = false;
            }
            return s.append('>').toString();
        }
        return "string";
    }

    static FileSchema csv(String text, boolean truncated, String compression, CsvClassifier custom) {
        if (truncated) {
            int nl = text.lastIndexOf('\n');
            text = nl > 0 ? text.substring(0, nl) : text;
        }
        List<List<String>> best = null;
        char delimiter = ',';
        char[] candidates = custom != null && custom.delimiter() != null ? new char[] {custom.delimiter().charAt(0)}
                : DELIMITERS;
        char quote = custom != null && custom.quoteSymbol() != null ? custom.quoteSymbol().charAt(0) : '"';
        for (char d : candidates) {
            List<List<String>> rows = parse(text, d, quote);
            if (rows != null && rows.get(0).size() >= 2 && (best == null || rows.get(0).size() > best.get(0).size())) {
                best = rows;
                delimiter = d;
            }
        }
        boolean single = custom != null && Boolean.TRUE.equals(custom.allowSingleColumn());
        if (best == null && single) {
            best = parse(text, delimiter, quote);
        }
        if (best == null || best.size() < 2 && (custom == null || !custom.hasHeader() || custom.header().isEmpty())) {
            return null;
        }
        boolean header = hasHeader(best, custom);
        List<String> names;
        if (custom != null && custom.hasHeader() && !custom.header().isEmpty()) {
            names = custom.header();
        } else if (header) {
            names = best.get(0);
        } else {
            names = new ArrayList<>();
            for (int i = 0; i < best.get(0).size(); i++) {
                names.add("col" + i);
            }
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String type = null;
            for (List<String> row : best.subList(header ? 1 : 0, best.size())) {
                type = Types.widen(type, i < row.size() ? Types.ofText(row.get(i).trim()) : null);
            }
            types.add(type == null ? "string" : type);
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            columns.add(Types.column(names.get(i).trim(), types.get(i)));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("delimiter", String.valueOf(delimiter));
        if (header) {
            params.put("skip.header.line.count", "1");
        }
        return new FileSchema("csv", compression, columns, params);
    }

    /** The rows of the text split by {@code d}, or null when they do not all have the same number of fields. */
    private static List<List<String>> parse(String text, char d, char quote) {
        List<List<String>> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(d).setQuote(quote).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord r : parser) {
                if (rows.size() >= SAMPLE_ROWS) {
                    break;
                }
                List<String> row = r.toList();
                if (!rows.isEmpty() && row.size() != rows.get(0).size()) {
                    return null;
                }
                rows.add(row);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return rows.isEmpty() ? null : rows;
    }

    /**
     * Glue's rule: the first row is a header when every field of it is a string, the names are distinct and not empty,
     * and some later row has a field that is not a string (else the first row is not different enough from the data).
     */
    private static boolean hasHeader(List<List<String>> rows, CsvClassifier custom) {
        if (custom != null && custom.containsHeader() == CsvHeaderOption.PRESENT) {
            return true;
        }
        if (custom != null && custom.containsHeader() == CsvHeaderOption.ABSENT) {
            return false;
        }
        List<String> first = rows.get(0);
        Set<String> names = new HashSet<>();
        for (String f : first) {
            if (f.isBlank() || !"string".equals(Types.ofText(f.trim())) || !names.add(f.trim().toLowerCase())) {
                return false;
            }
        }
        for (List<String> row : rows.subList(1, rows.size())) {
            for (String f : row) {
                String t = Types.ofText(f.trim());
                if (t != null && !t.equals("string")) {
                    return true;
                }
            }
        }
        return false;
    }
}
