package dev.overcast.common.auth;

import dev.overcast.common.protocol.ProtocolErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body as it is read: {@code hex-size[;chunk-signature=sig]\r\n data \r\n} …, a
 * final zero-size chunk, optional trailer lines {@code name:value\r\n} (possibly ending with
 * {@code x-amz-trailer-signature:sig}) and a final {@code \r\n}.
 *
 * <p>Chunk data is passed straight through (hashed on the way when chunk signatures are verified); only chunk
 * header and trailer lines are buffered, so memory stays bounded whatever the chunk size. A chunk's signature is
 * checked when its data has been read and the next read reaches the chunk's end. Trailers are published into the
 * sink (lower-case names) once the end of the body is reached, i.e. when {@code read} has returned -1. Every
 * problem is thrown from {@code read} as an {@link dev.overcast.common.error.AwsException}.
 */
public final class AwsChunkedInputStream extends InputStream {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_TRAILER_BYTES = 64 * 1024;

    private enum State { HEADER, DATA, DONE }

    private final InputStream in;
    private final ProtocolErrors errors;
    private final ChunkSignatureVerifier verifier;
    private final long expectedLength;
    private final Map<String, String> trailerSink;
    private final MessageDigest chunkDigest;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;
    private State state = State.HEADER;
    private long chunkRemaining;
    private String chunkSignature;
    private long decoded;

    AwsChunkedInputStream(InputStream in, ProtocolErrors errors, ChunkSignatureVerifier verifier, long expectedLength,
                          Map<String, String> trailerSink) {
        this.in = in;
        this.errors = errors;
        this.verifier = verifier;
        this.expectedLength = expectedLength;
        this.trailerSink = trailerSink;
        this.chunkDigest = verifier != null && verifier.chunksSigned() ? SigV4Canonical.sha256() : null;
    }

    /**
     * A decoder that checks framing and length but no signatures.
     *
     * @param expectedLength {@code x-amz-decoded-content-length}, or -1 when unknown
     * @param trailerSink    receives the trailers (lower-case names) at end of body; may be {@code null}
     * @param errors         the protocol family's errors (S3: IncompleteBody, InvalidRequest; JSON: SerializationException)
     */
    public static AwsChunkedInputStream unverified(InputStream in, long expectedLength, Map<String, String> trailerSink,
                                                   ProtocolErrors errors) {
        return new AwsChunkedInputStream(in, errors, null, expectedLength, trailerSink);
    }

    /** Bytes of decoded payload delivered so far. */
    public long decodedLength() {
        return decoded;
    }

    @Override
    public int read() throws IOException {
        return DigestingInputStream.readOneByte(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            switch (state) {
                case DONE -> {
                    return -1;
                }
                case HEADER -> readChunkHeader();
                case DATA -> {
                    if (chunkRemaining == 0) {
                        endChunk();
                        continue;
                    }
                    int want = (int) Math.min(len, chunkRemaining);
                    int n;
                    if (pos < lim) {
                        n = Math.min(want, lim - pos);
                        System.arraycopy(buf, pos, b, off, n);
                        pos += n;
                    } else {
                        n = in.read(b, off, want);
                        if (n < 0) {
                            throw errors.incompleteBody();
                        }
                        if (n == 0) {
                            continue;
                        }
                    }
                    if (chunkDigest != null) {
                        chunkDigest.update(b, off, n);
                    }
                    chunkRemaining -= n;
                    decoded += n;
                    if (expectedLength >= 0 && decoded >= expectedLength) {
                        if (decoded > expectedLength) {
                            throw errors.incompleteBody();
                        }
                        if (chunkRemaining == 0) {
                            finishEagerly();
                        }
                    }
                    return n;
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    @Override
    public int available() throws IOException {
        if (state != State.DATA) {
            return 0;
        }
        return (int) Math.min(chunkRemaining, lim - pos);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readChunkHeader() throws IOException {
        String line = readLine(false);
        if (line == null) {
            throw errors.incompleteBody();
        }
        int semi = line.indexOf(';');
        String sizeHex = (semi < 0 ? line : line.substring(0, semi)).trim();
        if (sizeHex.isEmpty() || sizeHex.length() > 15 || !sizeHex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw errors.malformedChunk("Invalid chunk size in aws-chunked body: '" + shorten(sizeHex) + "'");
        }
        long size;
        try {
            size = Long.parseLong(sizeHex, 16);
        } catch (NumberFormatException e) {
            throw errors.malformedChunk("Invalid chunk size in aws-chunked body: '" + shorten(sizeHex) + "'");
        }
        chunkSignature = null;
        if (semi >= 0) {
            for (String ext : line.substring(semi + 1).split(";")) {
                int eq = ext.indexOf('=');
                if (eq > 0 && ext.substring(0, eq).trim().equalsIgnoreCase("chunk-signature")) {
                    chunkSignature = ext.substring(eq + 1).trim();
                }
            }
        }
        if (size == 0) {
            if (verifier != null) {
                verifier.verifyChunk(chunkSignature, SigV4Canonical.sha256().digest());
            }
            readTrailers();
            return;
        }
        chunkRemaining = size;
        state = State.DATA;
    }

    /**
     * The declared decoded length has been delivered: read the rest of the framing (end of this chunk, the final
     * chunk, trailers) now, so signatures are checked and trailers published even for a consumer that stops after
     * the declared length instead of reading until -1.
     */
    private void finishEagerly() throws IOException {
        endChunk();
        readChunkHeader();
        if (state != State.DONE) {
            throw errors.incompleteBody();
        }
    }

    private void endChunk() throws IOException {
        String rest = readLine(false);
        if (rest == null) {
            throw errors.incompleteBody();
        }
        if (!rest.isEmpty()) {
            throw errors.malformedChunk("Chunk data of an aws-chunked body is longer than its declared size");
        }
        if (verifier != null) {
            verifier.verifyChunk(chunkSignature, chunkDigest == null ? null : chunkDigest.digest());
        }
        state = State.HEADER;
    }

    private void readTrailers() throws IOException {
        Map<String, String> trailers = new LinkedHashMap<>();
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        int total = 0;
        while (true) {
            String line = readLine(true);
            if (line == null || line.isEmpty()) {
                break;     // end of body; a missing final CRLF is tolerated
            }
            total += line.length();
            if (total > MAX_TRAILER_BYTES) {
                throw errors.malformedChunk("The trailers of the aws-chunked body are too large");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw errors.malformedChunk("Malformed trailer in aws-chunked body");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (verifier != null && (!trailers.isEmpty() || trailerSignature != null)) {
            verifier.verifyTrailer(trailerSignature, canonical.toString());
        }
        if (expectedLength >= 0 && decoded != expectedLength) {
            throw errors.incompleteBody();
        }
        if (trailerSink != null) {
            trailerSink.putAll(trailers);
        }
        state = State.DONE;
    }

    /**
     * Reads a line ending in CRLF (a bare LF is accepted) without its terminator; {@code null} at end of stream
     * before any byte (or, when {@code eofOk}, at end of stream mid-line is an error only if not at a line start).
     */
    private String readLine(boolean eofOk) throws IOException {
        int length = 0;
        byte[] line = new byte[128];
        while (true) {
            if (pos >= lim) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    if (length == 0) {
                        return null;
                    }
                    if (eofOk) {
                        return trimCr(line, length);
                    }
                    throw errors.incompleteBody();
                }
                pos = 0;
                lim = n;
                continue;
            }
            byte c = buf[pos++];
            if (c == '\n') {
                return trimCr(line, length);
            }
            if (length == line.length) {
                if (length >= MAX_LINE) {
                    throw errors.malformedChunk("A chunk header line of the aws-chunked body is too long");
                }
                line = java.util.Arrays.copyOf(line, length * 2);
            }
            line[length++] = c;
        }
    }

    private static String trimCr(byte[] line, int length) {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
