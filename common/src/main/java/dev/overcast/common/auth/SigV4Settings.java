package dev.overcast.common.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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

    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(15);

    public SigV4Settings {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        defaultAccount = defaultAccount == null || defaultAccount.isBlank() ? DEFAULT_ACCOUNT : defaultAccount;
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? DEFAULT_REGION : defaultRegion;
        maxSkew = Objects.requireNonNullElse(maxSkew, DEFAULT_MAX_SKEW);
    }

    public static SigV4Settings permissive() {
        return new SigV4Settings(false, Map.of(), Map.of(), DEFAULT_ACCOUNT, DEFAULT_REGION, DEFAULT_MAX_SKEW);
    }

    /**
     * Builds settings from configuration strings (e.g. environment variables).
     *
     * @param mode           {@code off} or {@code verify}, case-insensitive; blank or null means off
     * @param keys           {@code AKID1:SECRET1,AKID2:SECRET2}; blank or null for none
     * @param accounts       {@code AKID1=123456789012,AKID2=210987654321}; blank or null for none
     * @param defaultAccount 12-digit account of keys that are neither 12 digits nor mapped; blank for 000000000000
     * @param defaultRegion  region of anonymous requests; blank for us-east-1
     * @throws IllegalArgumentException on any malformed value
     */
    public static SigV4Settings parse(String mode, String keys, String accounts, String defaultAccount,
                                      String defaultRegion) {
        boolean verify;
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "", "off" -> verify = false;
            case "verify" -> verify = true;
            default -> throw new IllegalArgumentException(
                    "SigV4 mode must be 'off' or 'verify', got '" + mode.trim() + "'");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String entry : entries(keys)) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "SigV4 key entry must be ACCESS_KEY_ID:SECRET_ACCESS_KEY, got '" + redact(entry) + "'");
            }
            String akid = entry.substring(0, colon).trim();
            String secret = entry.substring(colon + 1).trim();
            if (akid.isEmpty() || secret.isEmpty()) {
                throw new IllegalArgumentException(
                        "SigV4 key entry must be ACCESS_KEY_ID:SECRET_ACCESS_KEY, got '" + redact(entry) + "'");
            }
            if (secrets.put(akid, secret) != null) {
                throw new IllegalArgumentException("SigV4 access key id '" + akid + "' is configured twice");
            }
        }
        Map<String, String> accountMap = new LinkedHashMap<>();
        for (String entry : entries(accounts)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "SigV4 account entry must be ACCESS_KEY_ID=ACCOUNT_ID, got '" + entry + "'");
            }
            String akid = entry.substring(0, eq).trim();
            String account = entry.substring(eq + 1).trim();
            if (akid.isEmpty() || !isAccountId(account)) {
                throw new IllegalArgumentException("SigV4 account entry must be ACCESS_KEY_ID=ACCOUNT_ID with a "
                        + "12-digit account id, got '" + entry + "'");
            }
            if (accountMap.put(akid, account) != null) {
                throw new IllegalArgumentException("SigV4 account mapping for '" + akid + "' is configured twice");
            }
        }
        String account = defaultAccount == null || defaultAccount.isBlank() ? DEFAULT_ACCOUNT : defaultAccount.trim();
        if (!isAccountId(account)) {
            throw new IllegalArgumentException("SigV4 default account must be a 12-digit account id, got '"
                    + account + "'");
        }
        String region = defaultRegion == null || defaultRegion.isBlank() ? DEFAULT_REGION : defaultRegion.trim();
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("SigV4 default region is not a region name: '" + region + "'");
        }
        if (verify && secrets.isEmpty()) {
            throw new IllegalArgumentException("SigV4 mode 'verify' needs at least one ACCESS_KEY_ID:SECRET key pair");
        }
        return new SigV4Settings(verify, secrets, accountMap, account, region, DEFAULT_MAX_SKEW);
    }

    /**
     * The account of an access key: the override, else the key itself when it is 12 digits, else the account a suite
     * key names ({@link #suiteKeyId}), else the default.
     */
    public String accountFor(String accessKeyId) {
        if (accessKeyId == null) {
            return defaultAccount;
        }
        String mapped = accounts.get(accessKeyId);
        if (mapped != null) {
            return mapped;
        }
        if (isAccountId(accessKeyId)) {
            return accessKeyId;
        }
        return isSuiteKey(accessKeyId) && !secrets.containsKey(accessKeyId) ? accessKeyId.substring(SUITE_KEY_PREFIX.length())
                : defaultAccount;
    }

    /** What the suite's own services' access keys begin with: {@code OVERCAST} and the account id follow. */
    static final String SUITE_KEY_PREFIX = "OVERCAST";

    /**
     * The access key id a service of the suite signs with when it acts for {@code account} (S3 replication, Firehose's
     * deliveries, Glue's reads, DynamoDB's Kinesis destinations…): {@code OVERCAST} and the account id. In verify mode
     * it verifies only with {@link #suiteSecret}.
     */
    public static String suiteKeyId(String account) {
        if (!isAccountId(account)) {
            throw new IllegalArgumentException("not a 12-digit account id: " + account);
        }
        return SUITE_KEY_PREFIX + account;
    }

    /** Whether a key id has the shape of a suite key ({@link #suiteKeyId}). */
    public static boolean isSuiteKey(String accessKeyId) {
        return accessKeyId != null && accessKeyId.length() == SUITE_KEY_PREFIX.length() + 12
                && accessKeyId.startsWith(SUITE_KEY_PREFIX) && isAccountId(accessKeyId.substring(SUITE_KEY_PREFIX.length()));
    }

    /**
     * The secret of the suite's keys: a digest of the configured key pairs, so every service of a deployment (all
     * configured with the same {@code OVERCAST_SIGV4_KEYS}) signs and verifies with the same one, and a client that
     * holds some of the pairs but not all cannot compute it.
     */
    public String suiteSecret() {
        StringBuilder material = new StringBuilder("overcast-suite-key\n");
        new java.util.TreeMap<>(secrets).forEach((id, secret) -> material.append(id).append(':').append(secret).append('\n'));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(material.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret of an access key in verify mode: a configured pair's, else the suite's for a suite key, else null. */
    public String secretFor(String accessKeyId) {
        String secret = secrets.get(accessKeyId);
        return secret == null && isSuiteKey(accessKeyId) ? suiteSecret() : secret;
    }

    static boolean isAccountId(String s) {
        if (s == null || s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String[] entries(String list) {
        if (list == null || list.isBlank()) {
            return new String[0];
        }
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static String redact(String entry) {
        int colon = entry.indexOf(':');
        return colon < 0 ? entry.substring(0, Math.min(entry.length(), 4)) + "…" : entry.substring(0, colon) + ":****";
    }
}
