package dev.overcast.common.auth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A pass-through stream that shows every byte read to {@link #consumed} (a digest or checksum) and tells
 * {@link #ended} when the end of the stream is reached. Skipping reads (so skipped bytes are digested too);
 * mark/reset is not supported.
 */
abstract class DigestingInputStream extends FilterInputStream {

    DigestingInputStream(InputStream in) {
        super(in);
    }

    /** {@code n > 0} bytes of {@code b} from {@code off} have been read. */
    abstract void consumed(byte[] b, int off, int n);

    /** The underlying stream returned end of stream (may be called more than once). */
    abstract void ended();

    /** One byte through {@code stream}'s {@code read(byte[], int, int)}: the single-byte read of such streams. */
    static int readOneByte(InputStream stream) throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = stream.read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read() throws IOException {
        return readOneByte(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            consumed(b, off, n);
        } else if (n < 0) {
            ended();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
