package dev.overcast.dynamodb.transaction;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** ClientRequestTokens of TransactWriteItems, remembered for 10 minutes. */
@Repository
public class TokenStore {

    static final Duration WINDOW = Duration.ofMinutes(10);

    /** The token was used before for a different request. */
    static final class Mismatch extends RuntimeException {
        Mismatch() {
            super(null, null, false, false);
        }
    }

    private final JdbcClient jdbc;

    public TokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the token in the caller's transaction: true for a first use (go ahead), false for a repeat of the same
     * request (already done); throws {@link Mismatch} for a different request under the same token.
     */
    boolean claim(String account, String region, String token, String fingerprint) {
        Instant now = Instant.now();
        jdbc.sql("delete from transaction_token where created_at < ?").param(Timestamp.from(now.minus(WINDOW))).update();
        int inserted = jdbc.sql("""
                insert into transaction_token (account_id, region, token, fingerprint, created_at) values (?, ?, ?, ?, ?)
                on conflict do nothing""")
                .params(account, region, token, fingerprint, Timestamp.from(now)).update();
        if (inserted == 1) {
            return true;
        }
        String existing = jdbc.sql("select fingerprint from transaction_token where account_id = ? and region = ? and token = ?")
                .params(account, region, token).query(String.class).optional().orElse(fingerprint);
        if (!existing.equals(fingerprint)) {
            throw new Mismatch();
        }
        return false;
    }
}
