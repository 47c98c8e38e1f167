package dev.overcast.s3.checksum;

/**
 * Combines the CRCs of two adjacent byte sequences into the CRC of their concatenation, knowing only the second's
 * length (zlib's crc32_combine, in GF(2), for any reflected CRC whose init and xorout are all ones: CRC32,
 * CRC32C, CRC64NVME). This gives a multipart upload's FULL_OBJECT checksum without reading its bytes again.
 */
public final class CrcCombine {

    private CrcCombine() {
    }

    /**
     * @param reflectedPoly the polynomial, bit-reflected (CRC32: 0xEDB88320)
     * @param width         32 or 64
     */
    public static long combine(long crc1, long crc2, long len2, long reflectedPoly, int width) {
        if (len2 <= 0) {
            return crc1;
        }
        long[] even = new long[width];
        long[] odd = new long[width];
        odd[0] = reflectedPoly; // the operator for one zero bit
        long row = 1;
        for (int n = 1; n < width; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd, width); // two zero bits
        square(odd, even, width); // four zero bits
        long crc = crc1;
        long len = len2;
        do {
            square(even, odd, width);
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even, width);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
        } while (len != 0);
        long mask = width == 64 ? -1L : (1L << width) - 1;
        return (crc ^ crc2) & mask;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        int i = 0;
        long v = vector;
        while (v != 0) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
            v >>>= 1;
            i++;
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix, int width) {
        for (int n = 0; n < width; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
