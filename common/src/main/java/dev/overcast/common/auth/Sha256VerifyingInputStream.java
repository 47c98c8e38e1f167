package dev.overcast.common.auth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes what passes through and, at end of stream, throws when it differs from the signed payload hash. */
final class Sha256VerifyingInputStream extends FilterInputStream {

    private final MessageDigest digest = SigV4Canonical.sha256();
    private final String expected;
    private final SigV4Errors errors;
    private final long length;
    private long total;
    private boolean verified;

    /** @param length the declared content length, or -1: the hash is checked when it is reached or at EOF */
    Sha256VerifyingInputStream(InputStream in, String expectedHex, long length, SigV4Errors errors) {
        super(in);
        this.length = length;
        this.expected = expectedHex.toLowerCase(java.util.Locale.ROOT);
        this.errors = errors;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            total += n;
            if (total == length) {
                verify();
            }
        } else if (n < 0) {
            verify();
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

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = SigV4Canonical.hex(digest.digest());
        if (!actual.equals(expected)) {
            throw errors.contentSha256Mismatch(expected, actual);
        }
    }
}
