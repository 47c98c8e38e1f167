package dev.overcast.common.auth;

import dev.overcast.common.protocol.ProtocolErrors;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes what passes through and, at end of stream, throws when it differs from the signed payload hash. */
final class Sha256VerifyingInputStream extends DigestingInputStream {

    private final MessageDigest digest = SigV4Canonical.sha256();
    private final String expected;
    private final ProtocolErrors errors;
    private final long length;
    private long total;
    private boolean verified;

    /** @param length the declared content length, or -1: the hash is checked when it is reached or at EOF */
    Sha256VerifyingInputStream(InputStream in, String expectedHex, long length, ProtocolErrors errors) {
        super(in);
        this.length = length;
        this.expected = expectedHex.toLowerCase(java.util.Locale.ROOT);
        this.errors = errors;
    }

    @Override
    void consumed(byte[] b, int off, int n) {
        digest.update(b, off, n);
        total += n;
        if (total == length) {
            verify();
        }
    }

    @Override
    void ended() {
        verify();
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = SigV4Canonical.hex(digest.digest());
        if (!actual.equals(expected)) {
            throw errors.contentSha256Mismatch(expected, actual);
        }
    }
}
