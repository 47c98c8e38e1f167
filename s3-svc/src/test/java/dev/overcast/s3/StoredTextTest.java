package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored form of text: reversible, free of U+0000, and in the same UTF-8 byte order and prefixes as the text. */
class StoredTextTest {

    private static final char[] ALPHABET = {'\0', '\u0001', '\u0002', 'a', '/', '\u00e9', '\uffff'};

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(Random random) {
        char[] c = new char[random.nextInt(6)];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    @Test
    void theStoredFormKeepsOrderAndPrefixesAndComesBack() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String a = random(random);
            String b = random(random);
            String sa = StoredText.stored(a);
            String sb = StoredText.stored(b);
            assertThat(sa).doesNotContain("\0");
            assertThat(StoredText.read(sa)).isEqualTo(a);
            assertThat(Integer.signum(compareUtf8(sa, sb))).as("%s vs %s", a, b).isEqualTo(Integer.signum(compareUtf8(a, b)));
            assertThat(sb.startsWith(sa)).as("%s starts %s", a, b).isEqualTo(b.startsWith(a));
        }
        // text without U+0000 or U+0001 is stored as it is
        assertThat(StoredText.stored("plain key/é")).isEqualTo("plain key/é");
    }
}
