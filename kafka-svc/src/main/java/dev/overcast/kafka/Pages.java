package dev.overcast.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Pagination as MSK does it: MaxResults (1-100, default 10 here as on MSK's list calls) and an opaque NextToken. */
public final class Pages {

    private Pages() {
    }

    /** A page of {@code all} from the token's offset: the items and the token of the next page (null at the end). */
    public record Page<T>(List<T> items, String nextToken) {
    }

    public static <T> Page<T> of(List<T> all, Integer maxResults, String nextToken) {
        int size = maxResults == null ? 10 : maxResults;
        if (size < 1 || size > 100) {
            throw KafkaErrors.badRequest("maxResults", "The MaxResults parameter must be between 1 and 100.");
        }
        int from = offset(nextToken);
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("o:" + to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(from >= all.size() ? List.of() : all.subList(from, to), next);
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("o:")) {
                return Integer.parseInt(s.substring(2));
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw KafkaErrors.badRequest("nextToken", "The NextToken parameter is not valid.");
    }
}
