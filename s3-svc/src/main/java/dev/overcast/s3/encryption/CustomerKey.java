package dev.overcast.s3.encryption;

import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.checksum.Md5;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A customer-provided key (SSE-C), as a request gives it in {@code x-amz-server-side-encryption-customer-*} (or
 * {@code x-amz-copy-source-server-side-encryption-customer-*}) headers. It lives for the request only: the store
 * keeps its MD5. Bytes are AES-256 in CTR mode: a blob's random 16-byte initial counter block plus {@code n / 16}
 * is the counter of byte {@code n}, so a range is decrypted from where it starts, streamed.
 */
public final class CustomerKey {

    public static final int IV_BYTES = 16;
    private static final String CIPHER = "AES/CTR/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger COUNTER_SPACE = BigInteger.ONE.shiftLeft(128);

    private final SecretKeySpec key;
    private final String md5;

    private CustomerKey(byte[] key, String md5) {
        this.key = new SecretKeySpec(key, "AES");
        this.md5 = md5;
    }

    /** The key's MD5, base64: what is stored and echoed. */
    public String md5() {
        return md5;
    }

    /**
     * The key the headers give, null when none of them is present; S3's 400 errors for an incomplete or invalid set.
     *
     * @param md5Required whether the key MD5 header must be there (writes); reads may leave it out
     */
    public static CustomerKey fromHeaders(String algorithm, String keyBase64, String keyMd5, boolean md5Required) {
        if (algorithm == null && keyBase64 == null && keyMd5 == null) {
            return null;
        }
        if (algorithm == null) {
            throw invalid("Requests specifying Server Side Encryption with Customer provided keys must provide a valid "
                    + "encryption algorithm.");
        }
        if (!Encryption.AES256.equals(algorithm)) {
            throw new AwsException("InvalidEncryptionAlgorithmError", 400,
                    "The Encryption request you specified is not valid. Supported value: AES256.")
                    .with("ArgumentName", "x-amz-server-side-encryption").with("ArgumentValue", algorithm);
        }
        if (keyBase64 == null) {
            throw invalid("Requests specifying Server Side Encryption with Customer provided keys must provide an "
                    + "appropriate secret key.");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(keyBase64.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("The secret key was invalid for the specified algorithm.");
        }
        if (key.length != 32) {
            throw invalid("The secret key was invalid for the specified algorithm.");
        }
        String actual = Base64.getEncoder().encodeToString(md5(key));
        if (keyMd5 == null) {
            if (md5Required) {
                throw invalid("Requests specifying Server Side Encryption with Customer provided keys must provide the "
                        + "client calculated MD5 of the secret key.");
            }
        } else if (!actual.equals(keyMd5.trim())) {
            throw invalid("The calculated MD5 hash of the key did not match the hash that was provided.");
        }
        return new CustomerKey(key, actual);
    }

    /**
     * Checks the key a read gives against what the object was written with (its key MD5, null for no SSE-C):
     * none given for an SSE-C object is 400 InvalidRequest, one given for another object too, a wrong one 403.
     */
    public static void checkRead(CustomerKey given, String storedMd5) {
        if (storedMd5 == null) {
            if (given != null) {
                throw S3Errors.invalidRequest("The encryption parameters are not applicable to this object.");
            }
            return;
        }
        if (given == null) {
            throw S3Errors.invalidRequest("The object was stored using a form of Server Side Encryption. The correct "
                    + "parameters must be provided to retrieve the object.");
        }
        if (!MessageDigest.isEqual(given.md5.getBytes(), storedMd5.getBytes())) {
            throw S3Errors.accessDenied();
        }
    }

    /**
     * Checks the key an UploadPart or UploadPartCopy gives against what its upload was created with (key MD5, null
     * for no SSE-C).
     */
    public static void checkPart(CustomerKey given, String uploadMd5) {
        if (uploadMd5 == null ? given != null : given == null || !uploadMd5.equals(given.md5)) {
            throw S3Errors.invalidRequest(uploadMd5 != null && given == null
                    ? "The multipart upload initiate requested encryption. Subsequent part requests must include the "
                    + "appropriate encryption parameters."
                    : "The provided encryption parameters did not match the ones used originally.");
        }
    }

    /** A fresh initial counter block for a new blob. */
    public static byte[] newIv() {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return iv;
    }

    /** The body, encrypted as it is read (from byte 0 of a blob with this initial counter block). */
    public InputStream encrypt(InputStream in, byte[] iv) {
        return new CipherInputStream(in, cipher(iv, 0));
    }

    /**
     * A stream that en- or decrypts (the same in CTR) what is written to it into {@code out}, for the bytes from
     * {@code offset} on of a blob with this initial counter block. It never closes {@code out}.
     */
    public OutputStream crypt(OutputStream out, byte[] iv, long offset) {
        Cipher cipher = cipher(iv, offset);
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] result = cipher.update(b, off, len);
                if (result != null) {
                    out.write(result);
                }
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private Cipher cipher(byte[] iv, long offset) {
        try {
            byte[] counter = new BigInteger(1, iv).add(BigInteger.valueOf(offset / 16)).mod(COUNTER_SPACE).toByteArray();
            byte[] block = new byte[IV_BYTES];
            int n = Math.min(counter.length, IV_BYTES);
            System.arraycopy(counter, counter.length - n, block, IV_BYTES - n, n);
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(block));
            int skip = (int) (offset % 16);
            if (skip > 0) {
                cipher.update(new byte[skip]); // into the block: discard the first bytes of its key stream
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsException invalid(String message) {
        return S3Errors.invalidArgument(message, "x-amz-server-side-encryption", null);
    }

    private static byte[] md5(byte[] bytes) {
        return Md5.newDigest().digest(bytes);
    }

    @Override
    public String toString() {
        return "CustomerKey[md5=" + md5 + "]"; // never the key
    }
}
