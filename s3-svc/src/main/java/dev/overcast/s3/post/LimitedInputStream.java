package dev.overcast.s3.post;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read; past {@code max} (when set) the read fails with EntityTooLarge. */
final class LimitedInputStream extends FilterInputStream {

    private final Long max;
    private long count;

    LimitedInputStream(InputStream in, Long max) {
        super(in);
        this.max = max;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) {
        count += n;
        if (max != null && count > max) {
            throw PostPolicy.tooLarge(count, max);
        }
    }
}
