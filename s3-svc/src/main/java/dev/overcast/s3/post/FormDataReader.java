package dev.overcast.s3.post;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code multipart/form-data} body part by part as it arrives: each part's headers, then its content as a
 * stream that ends at the next boundary. Only a window of the body is ever held, so the file part of a browser
 * upload streams through whatever its size. Malformed framing throws {@link MalformedException}.
 */
final class FormDataReader {

    /** A part's name, file name (null for a plain field) and content type. */
    record Part(String name, String filename, String contentType) {
    }

    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** The preamble before the first boundary is skipped as if it were content. */
    private boolean inContent = true;
    private boolean finished;
    /** Where the window is known to hold no delimiter start before (saves rescanning on small reads). */
    private int clearUntil;

    FormDataReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(WINDOW, delimiter.length * 4)];
        // the body opens with the boundary itself: read it as if a line break came first
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /** The boundary parameter of a {@code multipart/form-data} content type, or null when it is another type. */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] params = contentType.split(";");
        if (!params[0].trim().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }

    /** Moves to the next part (skipping what is left of the current one); null after the last. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (inContent) {
            skipContent();
        }
        // after a delimiter: "--" closes the body, anything else up to CRLF is padding before the part's headers
        fill(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        readLine(); // transport padding and the CRLF ending the boundary line
        String name = null;
        String filename = null;
        String contentType = null;
        int headerBytes = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new MalformedException("part headers too long");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new MalformedException("bad part header");
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw new MalformedException("part without a name");
        }
        inContent = true;
        return new Part(name, filename, contentType);
    }

    /** The current part's content as text, at most {@code max} bytes (more throws {@link TooLongException}). */
    String readValue(int max) throws IOException {
        InputStream content = content();
        byte[] bytes = content.readNBytes(max + 1);
        if (bytes.length > max) {
            throw new TooLongException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static final class TooLongException extends IOException {
    }

    /** The current part's content, ending where the next boundary begins. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return readContent(b, off, len);
            }
        };
    }

    private int readContent(byte[] b, int off, int len) throws IOException {
        if (!inContent) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (clearUntil > pos) {
                int n = Math.min(len, clearUntil - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            int found = indexOf(delimiter, pos, limit);
            if (found >= 0) {
                if (found == pos) {
                    pos += delimiter.length;
                    inContent = false;
                    return -1;
                }
                int n = Math.min(len, found - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            // bytes that cannot be the start of a delimiter are content
            int safe = limit - (delimiter.length - 1);
            if (safe > pos) {
                clearUntil = safe;
                int n = Math.min(len, safe - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (eof) {
                throw new MalformedException("body ends inside a part");
            }
            fill(limit - pos + 1);
        }
    }

    private void skipContent() throws IOException {
        byte[] sink = new byte[8192];
        while (readContent(sink, 0, sink.length) >= 0) {
            // drain
        }
    }

    /** Tries to have at least {@code want} unread bytes in the window (fewer at the end of the body). */
    private void fill(int want) throws IOException {
        if (limit - pos >= want || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            clearUntil = Math.max(0, clearUntil - pos);
            pos = 0;
        }
        while (limit - pos < want && limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return;
            }
            limit += n;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            fill(2);
            if (limit - pos < 1) {
                throw new MalformedException("body ends inside part headers");
            }
            if (limit - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return line.toString();
            }
            line.append((char) (buf[pos++] & 0xff));
            if (line.length() > MAX_HEADER_BYTES) {
                throw new MalformedException("line too long");
            }
        }
    }

    private int indexOf(byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A parameter of a header value ({@code name="file"}), unquoted; null when absent. */
    private static String parameter(String value, String name) {
        for (String p : value.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = t.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
                }
                return new String(v.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
