package dev.overcast.s3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque continuation tokens of S3 listings: the name or key a page ended at, base64url. */
public final class ContinuationTokens {

    private ContinuationTokens() {
    }

    public static String encode(String last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8));
    }

    /** The name or key a token stands for; {@code null} for no token; InvalidArgument for a token S3 never gave. */
    public static String decode(String token) {
        if (token == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw S3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
        }
    }
}
