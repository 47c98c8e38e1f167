package dev.overcast.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.s3.model.Owner;

/** The canonical user of an account: S3 shows owners as a 64-hex-digit id. */
public final class S3Owners {

    private S3Owners() {
    }

    public static Owner of(String accountId) {
        return Owner.builder().id(canonicalId(accountId)).displayName("overcast-" + accountId).build();
    }

    public static String canonicalId(String accountId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("overcast:" + accountId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
