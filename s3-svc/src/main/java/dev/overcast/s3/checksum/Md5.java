package dev.overcast.s3.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import dev.overcast.s3.S3Errors;

/** MD5, which S3 uses for ETags and Content-MD5 (every JDK has it). */
public final class Md5 {

    private Md5() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Content-MD5 header's 16 bytes, null when absent; InvalidDigest when it is no MD5. */
    public static byte[] decodeHeader(String contentMd5) {
        if (contentMd5 == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(contentMd5.trim());
            if (md5.length != 16) {
                throw S3Errors.invalidDigest();
            }
            return md5;
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidDigest();
        }
    }
}
