package dev.overcast.common.policy;

import dev.overcast.common.api.RequestContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The global condition keys ({@code aws:*}) of a request, as every service's policies see them: whether it came over
 * TLS ({@code aws:SecureTransport}, from the gateway's {@code X-Forwarded-Proto}), its source address
 * ({@code aws:SourceIp}, the first of {@code X-Forwarded-For}), the calling account ({@code aws:PrincipalAccount},
 * {@code aws:PrincipalArn} as the account's root, {@code aws:PrincipalType}) and the time ({@code aws:CurrentTime},
 * {@code aws:EpochTime}).
 */
public final class PolicyKeys {

    private PolicyKeys() {
    }

    /**
     * The global keys of the request by the account (null: anonymous), in a map the service may add to; the time keys
     * only when {@code now} is given.
     */
    public static Map<String, String> global(RequestContext ctx, String account, java.time.Instant now) {
        Map<String, String> keys = new HashMap<>();
        String proto = ctx.header("X-Forwarded-Proto");
        keys.put("aws:securetransport", Boolean.toString("https".equalsIgnoreCase(proto)));
        String forwarded = ctx.header("X-Forwarded-For");
        keys.put("aws:sourceip", forwarded == null || forwarded.isBlank() ? "127.0.0.1" : forwarded.split(",")[0].trim());
        if (account != null) {
            keys.put("aws:principalaccount", account);
            keys.put("aws:principalarn", "arn:aws:iam::" + account + ":root");
            keys.put("aws:principaltype", "Account");
        }
        if (now != null) {
            keys.put("aws:currenttime", now.toString());
            keys.put("aws:epochtime", Long.toString(now.getEpochSecond()));
        }
        return keys;
    }
}
