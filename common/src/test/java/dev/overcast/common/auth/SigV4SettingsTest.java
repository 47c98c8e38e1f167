package dev.overcast.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4SettingsTest {

    @Test
    void parsesEverything() {
        SigV4Settings s = SigV4Settings.parse(" Verify ", "AKID1:SECRET/1+x, AKID2:SECRET2",
                "AKID1=123456789012,AKID2=210987654321", "111111111111", "eu-north-1");
        assertTrue(s.verify());
        assertEquals(Map.of("AKID1", "SECRET/1+x", "AKID2", "SECRET2"), s.secrets());
        assertEquals(Map.of("AKID1", "123456789012", "AKID2", "210987654321"), s.accounts());
        assertEquals("111111111111", s.defaultAccount());
        assertEquals("eu-north-1", s.defaultRegion());
        assertEquals(Duration.ofMinutes(15), s.maxSkew());
    }

    @Test
    void blanksMeanDefaults() {
        SigV4Settings s = SigV4Settings.parse(null, "", null, " ", "");
        assertFalse(s.verify());
        assertTrue(s.secrets().isEmpty());
        assertEquals("000000000000", s.defaultAccount());
        assertEquals("us-east-1", s.defaultRegion());
        assertFalse(SigV4Settings.parse("OFF", null, null, null, null).verify());
    }

    @Test
    void accountOfAKey() {
        SigV4Settings s = SigV4Settings.parse("off", "", "AKIDX=222233334444", "", "");
        assertEquals("222233334444", s.accountFor("AKIDX"));
        assertEquals("123456789012", s.accountFor("123456789012"));
        assertEquals("000000000000", s.accountFor("AKIDOTHER"));
        assertEquals("000000000000", s.accountFor("12345678901"));
    }

    @Test
    void rejectsInvalidInput() {
        assertMessage("mode", () -> SigV4Settings.parse("strict", "", "", "", ""));
        assertMessage("ACCESS_KEY_ID:SECRET", () -> SigV4Settings.parse("verify", "AKIDONLY", "", "", ""));
        assertMessage("ACCESS_KEY_ID:SECRET", () -> SigV4Settings.parse("verify", ":secret", "", "", ""));
        assertMessage("twice", () -> SigV4Settings.parse("verify", "A:1,A:2", "", "", ""));
        assertMessage("12-digit", () -> SigV4Settings.parse("off", "", "A=12345", "", ""));
        assertMessage("ACCESS_KEY_ID=ACCOUNT_ID", () -> SigV4Settings.parse("off", "", "A:123456789012", "", ""));
        assertMessage("default account", () -> SigV4Settings.parse("off", "", "", "abc", ""));
        assertMessage("region", () -> SigV4Settings.parse("off", "", "", "", "EU West"));
        assertMessage("at least one", () -> SigV4Settings.parse("verify", "", "", "", ""));
    }

    @Test
    void secretsAreNotEchoed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigV4Settings.parse("verify", "AKID:s3cr3t,AKID2:", "", "", ""));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        IllegalArgumentException noColon = assertThrows(IllegalArgumentException.class,
                () -> SigV4Settings.parse("verify", "AKIDs3cr3t", "", "", ""));
        assertFalse(noColon.getMessage().contains("s3cr3t"), noColon.getMessage());
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void theSuitesKeysNameTheirAccountAndVerifyOnlyWithTheSuitesSecret() {
        SigV4Settings a = SigV4Settings.parse("verify", "AKIDALICE:alice-secret", "AKIDALICE=111111111111", null, null);
        SigV4Settings b = SigV4Settings.parse("verify", "AKIDALICE:alice-secret,AKIDBOB:bob-secret", null, null, null);
        String key = SigV4Settings.suiteKeyId("222222222222");
        assertEquals("OVERCAST222222222222", key);
        assertEquals("222222222222", a.accountFor(key));
        assertEquals(a.suiteSecret(), a.secretFor(key));
        assertEquals(a.suiteSecret(), SigV4Settings.parse("verify", "AKIDALICE:alice-secret", null, null, null).suiteSecret(),
                "the same keys, the same secret: every service of a deployment agrees");
        assertNotEquals(a.suiteSecret(), b.suiteSecret());
        assertNotEquals("alice-secret", a.suiteSecret());
        assertEquals("alice-secret", a.secretFor("AKIDALICE"));
        assertNull(a.secretFor("OVERCAST12345"), "not a suite key's shape");
        assertEquals("000000000000", a.accountFor("OVERCASTabcdefghijkl"));
        assertThrows(IllegalArgumentException.class, () -> SigV4Settings.suiteKeyId("alice"));
    }
}
