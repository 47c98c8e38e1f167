package dev.overcast.s3.multipart;

import dev.overcast.common.auth.StreamingChecksum;
import dev.overcast.s3.checksum.ObjectChecksum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The checksum of a completed multipart object as S3 computes it for the COMPOSITE type: the algorithm applied to
 * the concatenated binary checksums of the parts, suffixed {@code -N}. Only when every part carried a checksum of
 * the upload's algorithm; CRC64NVME (full-object only on S3) is not combined here.
 */
final class CompositeChecksum {

    private CompositeChecksum() {
    }

    static ObjectChecksum of(String algorithm, List<UploadedPart> parts) {
        if (algorithm == null || "CRC64NVME".equals(algorithm) || parts.stream().anyMatch(p -> p.checksum() == null)) {
            return null;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (UploadedPart p : parts) {
            joined.writeBytes(Base64.getDecoder().decode(p.checksum()));
        }
        try (StreamingChecksum sum = StreamingChecksum.of(new ByteArrayInputStream(joined.toByteArray()), algorithm)) {
            sum.transferTo(java.io.OutputStream.nullOutputStream());
            return new ObjectChecksum(algorithm, sum.base64() + "-" + parts.size(), "COMPOSITE");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
