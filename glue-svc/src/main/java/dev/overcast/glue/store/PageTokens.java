package dev.overcast.glue.store;

import dev.overcast.glue.GlueErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** NextToken of Glue's list and get-many actions: an opaque form of where the next page starts. */
public final class PageTokens {

    private PageTokens() {
    }

    public static String encode(String kind, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + "\n" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token of {@code kind} carries; {@code null} for no token; InvalidInputException for a bad one. */
    public static String decode(String kind, String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl > 0 && text.substring(0, nl).equals(kind)) {
                return text.substring(nl + 1);
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw GlueErrors.invalidInput("Invalid pagination token: " + token);
    }

    /** The page size asked for, else {@code dflt}, never above {@code max}. */
    public static int size(Integer asked, int dflt, int max) {
        return asked == null ? dflt : Math.min(asked, max);
    }
}
