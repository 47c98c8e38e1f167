package dev.overcast.s3.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
}
