package dev.overcast.kinesis.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequenceNumberTest {

    @Test
    void roundTripsAndOrdersByCounterFirst() {
        long now = Counters.at(Instant.parse("2026-01-02T03:04:05.123456Z"));
        SequenceNumber a = new SequenceNumber(now, 7, 123456789L);
        assertThat(a.toString()).hasSize(56).startsWith("49");
        assertThat(SequenceNumber.parse(a.toString())).contains(a);
        // a later counter is a larger number whatever the shard and the stream
        SequenceNumber b = new SequenceNumber(now + 1, 0, 1L);
        assertThat(new BigInteger(b.toString())).isGreaterThan(new BigInteger(a.toString()));
    }

    @Test
    void foreignNumbersAreNotOurs() {
        assertThat(SequenceNumber.parse("12345")).isEmpty();
        // a number from AWS itself has the shape but not our fields (its counter part overflows)
        assertThat(SequenceNumber.parse("49590338271490256608559692538361571095921575989136588898")).isEmpty();
        assertThat(SequenceNumber.parse("59590338271490256608559692538361571095921575989136588898")).isEmpty();
        assertThat(SequenceNumber.parse("4959033827149025660855969253836157109592157598913658889x")).isEmpty();
    }

    @Test
    void evenRangesPartitionTheHashKeySpace() {
        for (int n : new int[] {1, 2, 3, 7, 500}) {
            var ranges = HashKeys.evenRanges(n);
            assertThat(ranges.get(0)[0]).isZero();
            assertThat(ranges.get(n - 1)[1]).isEqualTo(HashKeys.MAX);
            for (int i = 1; i < n; i++) {
                assertThat(ranges.get(i)[0]).isEqualTo(ranges.get(i - 1)[1].add(BigInteger.ONE));
            }
        }
        // AWS's split of a 2-shard stream
        assertThat(HashKeys.evenRanges(2).get(0)[1]).isEqualTo(new BigInteger("170141183460469231731687303715884105727"));
    }

    @Test
    void partitionKeysHashByMd5() {
        // md5("a") = 0cc175b9c0f1b6a831c399e269772661
        assertThat(HashKeys.of("a")).isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
    }
}
