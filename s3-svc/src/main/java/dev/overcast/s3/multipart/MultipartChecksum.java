package dev.overcast.s3.multipart;

import dev.overcast.common.auth.StreamingChecksum;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.checksum.CrcCombine;
import dev.overcast.s3.checksum.ObjectChecksum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * The checksum of a completed multipart object. COMPOSITE: the algorithm over the concatenated binary part
 * checksums, suffixed {@code -N}. FULL_OBJECT (CRC algorithms only): the CRC of all the bytes, combined from the
 * parts' CRCs and sizes. None when a part was uploaded without a checksum.
 */
final class MultipartChecksum {

    static final String COMPOSITE = "COMPOSITE";
    static final String FULL_OBJECT = "FULL_OBJECT";

    private MultipartChecksum() {
    }

    /** The type an upload gets: as requested if the algorithm allows it, else the algorithm's default. */
    static String type(String algorithm, String requested) {
        if (algorithm == null) {
            if (requested != null) {
                throw S3Errors.invalidRequest("The x-amz-checksum-type header can only be used with the "
                        + "x-amz-checksum-algorithm header.");
            }
            return null;
        }
        boolean crc = algorithm.startsWith("CRC");
        String type = requested != null ? requested : "CRC64NVME".equals(algorithm) ? FULL_OBJECT : COMPOSITE;
        if (!COMPOSITE.equals(type) && !FULL_OBJECT.equals(type)) {
            throw S3Errors.invalidRequest("Value for x-amz-checksum-type header is invalid.");
        }
        if ((FULL_OBJECT.equals(type) && !crc) || (COMPOSITE.equals(type) && "CRC64NVME".equals(algorithm))) {
            throw S3Errors.invalidRequest("The " + type + " checksum type cannot be used with the "
                    + algorithm.toLowerCase(java.util.Locale.ROOT) + " checksum algorithm.");
        }
        return type;
    }

    static ObjectChecksum of(Upload upload, List<UploadedPart> parts) {
        String algorithm = upload.checksumAlgorithm();
        if (algorithm == null || parts.stream().anyMatch(p -> p.checksum() == null)) {
            return null;
        }
        if (FULL_OBJECT.equals(upload.checksumType())) {
            return new ObjectChecksum(algorithm, fullObject(algorithm, parts), FULL_OBJECT);
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (UploadedPart p : parts) {
            joined.writeBytes(Base64.getDecoder().decode(p.checksum()));
        }
        try (StreamingChecksum sum = StreamingChecksum.of(new ByteArrayInputStream(joined.toByteArray()), algorithm)) {
            sum.transferTo(OutputStream.nullOutputStream());
            return new ObjectChecksum(algorithm, sum.base64() + "-" + parts.size(), COMPOSITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the checksum a CompleteMultipartUpload declares for the whole object is the one its parts make: a
     * composite one with or without its {@code -N} part-count suffix.
     */
    static boolean matches(ObjectChecksum computed, String declared) {
        String value = computed.value();
        if (declared.trim().equals(value)) {
            return true;
        }
        int dash = value.lastIndexOf('-');
        return COMPOSITE.equals(computed.type()) && dash > 0 && declared.trim().equals(value.substring(0, dash));
    }

    private static String fullObject(String algorithm, List<UploadedPart> parts) {
        boolean wide = "CRC64NVME".equals(algorithm);
        long poly = switch (algorithm) {
            case "CRC32" -> 0xEDB88320L;
            case "CRC32C" -> 0x82F63B78L;
            default -> 0x9A6C9329AC4BC9B5L;
        };
        int width = wide ? 64 : 32;
        long crc = 0;
        boolean first = true;
        for (UploadedPart p : parts) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(p.checksum()));
            long partCrc = wide ? bytes.getLong() : bytes.getInt() & 0xFFFFFFFFL;
            crc = first ? partCrc : CrcCombine.combine(crc, partCrc, p.size(), poly, width);
            first = false;
        }
        ByteBuffer out = ByteBuffer.allocate(wide ? 8 : 4);
        if (wide) {
            out.putLong(crc);
        } else {
            out.putInt((int) crc);
        }
        return Base64.getEncoder().encodeToString(out.array());
    }
}
