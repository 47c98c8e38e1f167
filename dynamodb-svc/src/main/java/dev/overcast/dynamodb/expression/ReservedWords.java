package dev.overcast.dynamodb.expression;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** DynamoDB's reserved words, which may not appear bare as attribute names in expressions. */
final class ReservedWords {

    private static final Set<String> WORDS = load();

    private ReservedWords() {
    }

    static boolean isReserved(String word) {
        return WORDS.contains(word.toUpperCase(Locale.ROOT));
    }

    private static Set<String> load() {
        try (InputStream in = ReservedWords.class.getResourceAsStream("/dynamodb-reserved-words.txt")) {
            Set<String> words = new HashSet<>();
            for (String w : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\\s+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
