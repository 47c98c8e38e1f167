package dev.overcast.s3.checksum;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/** Computes a flexible checksum of the bytes written through it (a copied part's checksum). */
public final class ChecksumOutput extends FilterOutputStream {

    private final SdkChecksum sdk;
    private long crc64 = ~0L;

    /** @param algorithm one of {@link UploadChecksum#ALGORITHMS} */
    public ChecksumOutput(OutputStream out, String algorithm) {
        super(out);
        this.sdk = "CRC64NVME".equals(algorithm) ? null : SdkChecksum.forAlgorithm(sdkAlgorithm(algorithm));
    }

    private static ChecksumAlgorithm sdkAlgorithm(String algorithm) {
        for (ChecksumAlgorithm a : new ChecksumAlgorithm[]{DefaultChecksumAlgorithm.CRC32, DefaultChecksumAlgorithm.CRC32C,
                DefaultChecksumAlgorithm.SHA1, DefaultChecksumAlgorithm.SHA256}) {
            if (a.algorithmId().equals(algorithm)) {
                return a;
            }
        }
        throw new IllegalArgumentException("Unknown checksum algorithm " + algorithm);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (sdk == null) {
            crc64 = Crc64Nvme.update(crc64, b, off, len);
        } else {
            sdk.update(b, off, len);
        }
        out.write(b, off, len);
    }

    /** The base64 checksum of everything written so far. */
    public String base64() {
        byte[] bytes = sdk == null ? ByteBuffer.allocate(8).putLong(~crc64).array() : sdk.getChecksumBytes();
        return Base64.getEncoder().encodeToString(bytes);
    }
}
