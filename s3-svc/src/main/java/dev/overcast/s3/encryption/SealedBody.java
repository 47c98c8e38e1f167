package dev.overcast.s3.encryption;

import dev.overcast.s3.checksum.Md5;
import java.io.InputStream;
import java.security.DigestInputStream;

/**
 * A request body on its way into a blob: as it is, or, with a customer key (SSE-C), encrypted under a fresh initial
 * counter block while the MD5 of the plaintext is taken for the Content-MD5 check.
 */
public final class SealedBody {

    private final InputStream stream;
    private final DigestInputStream plain;
    private final byte[] iv;

    private SealedBody(InputStream stream, DigestInputStream plain, byte[] iv) {
        this.stream = stream;
        this.plain = plain;
        this.iv = iv;
    }

    public static SealedBody of(InputStream body, CustomerKey key) {
        if (key == null) {
            return new SealedBody(body, null, null);
        }
        byte[] iv = CustomerKey.newIv();
        DigestInputStream plain = new DigestInputStream(body, Md5.newDigest());
        return new SealedBody(key.encrypt(plain, iv), plain, iv);
    }

    /** The bytes to store. */
    public InputStream stream() {
        return stream;
    }

    /** The blob's initial counter block; null when the bytes are stored as they came. */
    public byte[] iv() {
        return iv;
    }

    /** Once the body has been read: the MD5 of the plaintext, given the MD5 of the bytes stored. */
    public byte[] plainMd5(byte[] storedMd5) {
        return plain == null ? storedMd5 : plain.getMessageDigest().digest();
    }
}
