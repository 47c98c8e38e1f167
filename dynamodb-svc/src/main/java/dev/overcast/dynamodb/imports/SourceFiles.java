package dev.overcast.dynamodb.imports;

import com.github.luben.zstd.ZstdInputStream;
import dev.overcast.dynamodb.export.ItemLines;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CsvOptions;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;

/**
 * Reads one source file of an import: decompressed (GZIP with the JDK, ZSTD with zstd-jni) and parsed by the
 * import's format: DYNAMODB_JSON and ION lines ({@link ItemLines}), or CSV (Apache Commons CSV) whose header is the
 * first line or the HeaderList, whose attributes named in AttributeDefinitions (the table's and its indexes' keys)
 * take their declared type (S, N, or B in base64) and all others are strings, an empty field leaving the attribute out.
 */
final class SourceFiles {

    /** Counts the bytes read from the object as stored (ProcessedSizeBytes). */
    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private SourceFiles() {
    }

    static void read(ImportTableDescription d, Map<String, String> attributeTypes, InputStream object, ItemLines.Sink sink)
            throws IOException {
        InputStream in = decompress(d.inputCompressionType(), new BufferedInputStream(object, 64 * 1024));
        if (d.inputFormat() == InputFormat.ION) {
            ItemLines.readIon(in, sink);
        } else if (d.inputFormat() == InputFormat.CSV) {
            CsvOptions options = d.inputFormatOptions() == null ? null : d.inputFormatOptions().csv();
            readCsv(new InputStreamReader(in, StandardCharsets.UTF_8), options, attributeTypes, sink);
        } else {
            ItemLines.readJson(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), sink);
        }
    }

    private static InputStream decompress(InputCompressionType type, InputStream in) throws IOException {
        if (type == InputCompressionType.GZIP) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (type == InputCompressionType.ZSTD) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    private static void readCsv(Reader reader, CsvOptions options, Map<String, String> types, ItemLines.Sink sink)
            throws IOException {
        String delimiter = options == null || options.delimiter() == null ? "," : options.delimiter();
        List<String> headerList = options == null || !options.hasHeaderList() ? null : options.headerList();
        CSVFormat.Builder format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setAllowMissingColumnNames(false)
                .setIgnoreEmptyLines(true);
        format = headerList != null ? format.setHeader(headerList.toArray(String[]::new))
                : format.setHeader().setSkipHeaderRecord(true);
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format.get()).get()) {
            List<String> header = parser.getHeaderNames();
            for (CSVRecord record : parser) {
                if (record.size() != header.size()) {
                    sink.error("line " + record.getRecordNumber() + ": " + record.size() + " fields, the header has "
                            + header.size());
                    continue;
                }
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                try {
                    for (int i = 0; i < header.size(); i++) {
                        String value = record.get(i);
                        if (!value.isEmpty()) {
                            item.put(header.get(i), typed(types.get(header.get(i)), value));
                        }
                    }
                } catch (IllegalArgumentException e) {
                    sink.error("line " + record.getRecordNumber() + ": " + e.getMessage());
                    continue;
                }
                sink.item(item);
            }
        }
    }

    private static AttributeValue typed(String type, String value) {
        if ("N".equals(type)) {
            return AttributeValue.fromN(value);
        }
        if ("B".equals(type)) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(value)));
        }
        return AttributeValue.fromS(value);
    }
}
