package dev.overcast.s3.checksum;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * CRC-64/NVME (poly 0xAD93D23594C93659 reflected, init and xorout all ones), S3's CRC64NVME, as a stream that
 * computes it over what passes through. The SDK's own implementation needs the CRT native library, which a
 * service should not depend on for one table-driven CRC.
 */
final class Crc64Nvme extends FilterInputStream {

    private static final long POLY_REFLECTED = 0x9A6C9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = ~0L;
    private String value;

    Crc64Nvme(InputStream in) {
        super(in);
    }

    static long update(long crc, byte[] b, int off, int len) {
        long c = crc;
        for (int i = off; i < off + len; i++) {
            c = TABLE[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
        }
        return c;
    }

    /** The base64 of the 8 big-endian bytes, once the stream has been read to its end (null before). */
    String base64() {
        return value;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            crc = update(crc, b, off, n);
        } else if (n < 0 && value == null) {
            value = Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(~crc).array());
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
