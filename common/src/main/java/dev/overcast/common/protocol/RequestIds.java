package dev.overcast.common.protocol;

import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids in the shapes AWS uses. */
public final class RequestIds {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private RequestIds() {
    }

    /** S3's {@code x-amz-request-id}: 16 upper-case hex digits. */
    public static String s3RequestId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** S3's {@code x-amz-id-2}. */
    public static String s3HostId() {
        byte[] bytes = new byte[48];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code x-amzn-RequestId} of the JSON services. */
    public static String uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }
}
