package dev.overcast.common.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8InputStreamTest {

    private static byte[] read(byte[] bytes) throws IOException {
        try (InputStream in = new StrictUtf8InputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void wellFormedTextPassesUnchanged() throws IOException {
        byte[] text = "a/é€😀\u07ff\uffff\ud7ff".getBytes(StandardCharsets.UTF_8);
        assertThat(read(text)).isEqualTo(text);
        assertThat(read(bytes(0xF4, 0x8F, 0xBF, 0xBF))).hasSize(4); // U+10FFFF
    }

    @Test
    void overlongFormsSurrogatesAndOutOfRangeCodePointsAreRefused() {
        for (byte[] bad : new byte[][] {
                bytes(0xC0, 0xAF), bytes(0xC1, 0xBF), // overlong 2-byte
                bytes(0xE0, 0x80, 0xAF), bytes(0xF0, 0x80, 0x80, 0xAF), // overlong 3- and 4-byte
                bytes(0xED, 0xA0, 0x80), // a surrogate
                bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80), // beyond U+10FFFF
                bytes(0x80), bytes(0xFF), // stray continuation, invalid byte
                bytes('a', 0xC3), bytes(0xE2, 0x82)}) { // ends inside a character
            assertThatThrownBy(() -> read(bad)).isInstanceOf(CharConversionException.class);
        }
    }

    @Test
    void longAsciiRunsAroundCharactersPassAndAnErrorNamesItsOffset() throws IOException {
        byte[] text = ("a".repeat(19) + "é" + "b".repeat(33) + "€" + "c".repeat(8)).getBytes(StandardCharsets.UTF_8);
        assertThat(read(text)).isEqualTo(text);
        byte[] bad = ("x".repeat(21) + "\u0000").getBytes(StandardCharsets.UTF_8);
        bad[21] = (byte) 0xC0;
        assertThatThrownBy(() -> read(bad)).isInstanceOf(CharConversionException.class).hasMessageContaining("offset 21");
    }
}
