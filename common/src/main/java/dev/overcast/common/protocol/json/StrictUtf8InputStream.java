package dev.overcast.common.protocol.json;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Passes a JSON text through while checking that it is well-formed UTF-8 (RFC 3629): no overlong forms, no
 * surrogates, nothing above U+10FFFF. The JSON parser decodes leniently (an overlong {@code C0 AF} becomes '/'),
 * whereas AWS refuses such a body as malformed.
 */
final class StrictUtf8InputStream extends FilterInputStream {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Continuation bytes still expected in the current sequence. */
    private int pending;
    /** Lowest and highest allowed value of the next continuation byte (the first one is narrowed by its lead). */
    private int low = 0x80;
    private int high = 0xBF;
    private long offset;

    StrictUtf8InputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
            end();
        }
        int i = 0;
        while (i < n) {
            if (pending == 0) {
                int ascii = asciiRun(buf, off + i, n - i);
                i += ascii;
                offset += ascii;
                if (i == n) {
                    break;
                }
            }
            check(buf[off + i] & 0xFF);
            i++;
        }
        return n;
    }

    /** How many bytes from {@code from} are ASCII, counted 8 at a time (a JSON body is mostly ASCII). */
    private static int asciiRun(byte[] buf, int from, int len) {
        int i = 0;
        while (i + 8 <= len && ((long) LONGS.get(buf, from + i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < len && buf[from + i] >= 0) {
            i++;
        }
        return i;
    }

    private void check(int b) throws CharConversionException {
        if (pending > 0) {
            if (b < low || b > high) {
                throw invalid(b);
            }
            pending--;
            low = 0x80;
            high = 0xBF;
        } else if (b >= 0x80) {
            lead(b);
        }
        offset++;
    }

    private void lead(int b) throws CharConversionException {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            if (b == 0xE0) {
                low = 0xA0; // below: an overlong form
            } else if (b == 0xED) {
                high = 0x9F; // above: a UTF-16 surrogate
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            if (b == 0xF0) {
                low = 0x90; // below: an overlong form
            } else if (b == 0xF4) {
                high = 0x8F; // above: beyond U+10FFFF
            }
        } else {
            throw invalid(b); // a stray continuation byte, C0/C1 (always overlong) or F5..FF
        }
    }

    private void end() throws CharConversionException {
        if (pending > 0) {
            throw new CharConversionException("Invalid UTF-8: the body ends inside a character");
        }
    }

    private CharConversionException invalid(int b) {
        return new CharConversionException("Invalid UTF-8 byte 0x" + Integer.toHexString(b) + " at offset " + offset);
    }
}
