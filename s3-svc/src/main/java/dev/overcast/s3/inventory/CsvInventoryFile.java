package dev.overcast.s3.inventory;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A CSV report, gzipped: every value quoted, the key URL-encoded (as S3 writes it), empty where there is none. */
final class CsvInventoryFile implements InventoryFile {

    private final Writer csv;

    CsvInventoryFile(Path file) throws IOException {
        csv = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8);
    }

    @Override
    public void write(List<Object> values) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String text = v == null ? "" : i == 1
                    ? URLEncoder.encode(v.toString(), StandardCharsets.UTF_8).replace("+", "%20") : v.toString();
            line.append(i == 0 ? "" : ",").append('"').append(text.replace("\"", "\"\"")).append('"');
        }
        csv.write(line.append('\n').toString());
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
