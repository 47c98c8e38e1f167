package dev.overcast.dynamodb.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KeyCodecTest {

    @Test
    void numberEncodingOrdersLikeTheNumbers() {
        List<String> numbers = new ArrayList<>(List.of("0", "1", "-1", "0.1", "-0.1", "10", "-10", "1E-130", "-1E-130",
                "9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
                "12345678901234567890123456789012345678", "1.2345678901234567890123456789012345678", "100", "99.99999",
                "-99.99999", "-100", "0.12", "0.123", "-0.12", "-0.123", "5", "50", "500", "-5", "-50", "-500"));
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            numbers.add(new BigDecimal(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20)).round(new java.math.MathContext(1 + random.nextInt(38))).toString());
        }
        List<String> byValue = new ArrayList<>(numbers);
        byValue.sort((a, b) -> new BigDecimal(a).compareTo(new BigDecimal(b)));
        List<String> byEncoding = new ArrayList<>(numbers);
        byEncoding.sort((a, b) -> Arrays.compareUnsigned(KeyCodec.encode(AttributeValue.fromN(a)), KeyCodec.encode(AttributeValue.fromN(b))));
        for (int i = 0; i < byValue.size(); i++) {
            assertThat(new BigDecimal(byEncoding.get(i))).isEqualByComparingTo(new BigDecimal(byValue.get(i)));
        }
        assertThat(KeyCodec.encode(AttributeValue.fromN("1.50"))).isEqualTo(KeyCodec.encode(AttributeValue.fromN("1.5")));
    }
}
