package dev.overcast.common.auth;

import java.time.Duration;
import java.util.Map;

/**
 * SigV4 configuration.
 *
 * @param verify         true to verify signatures ({@code OVERCAST_SIGV4=verify}); false to only parse them
 * @param secrets        access key id → secret access key, the key pairs known in verify mode
 * @param accounts       access key id → account id overrides
 * @param defaultAccount the account of keys that are neither 12 digits nor in {@code accounts}
 * @param defaultRegion  region of anonymous requests
 * @param maxSkew        allowed clock difference (15 minutes on AWS)
 */
public record SigV4Settings(boolean verify, Map<String, String> secrets, Map<String, String> accounts,
                            String defaultAccount, String defaultRegion, Duration maxSkew) {

    public static SigV4Settings permissive() {
        return new SigV4Settings(false, Map.of(), Map.of(), "000000000000", "us-east-1", Duration.ofMinutes(15));
    }

    /** Temporary until the SigV4 work lands: parses mode and the key list. */
    public static SigV4Settings parse(String mode, String keys, String accounts, String defaultAccount, String defaultRegion) {
        java.util.Map<String, String> secrets = new java.util.LinkedHashMap<>();
        for (String pair : keys.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.trim().split(":", 2);
                secrets.put(kv[0], kv[1]);
            }
        }
        java.util.Map<String, String> acc = new java.util.LinkedHashMap<>();
        for (String pair : accounts.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.trim().split("=", 2);
                acc.put(kv[0], kv[1]);
            }
        }
        return new SigV4Settings("verify".equalsIgnoreCase(mode.trim()), secrets, acc, defaultAccount, defaultRegion,
                Duration.ofMinutes(15));
    }
}
