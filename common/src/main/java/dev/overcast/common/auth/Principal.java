package dev.overcast.common.auth;

/**
 * Who signed a request and for where.
 *
 * @param accessKeyId    the access key id from the credential scope, {@code null} for an anonymous request
 * @param accountId      the 12-digit account the key maps to
 * @param region         the region of the credential scope (or the configured default for anonymous requests)
 * @param signingService the service name of the credential scope, {@code null} when anonymous
 */
public record Principal(String accessKeyId, String accountId, String region, String signingService) {

    /**
     * Whether the request was signed by one of the suite's own services acting for the account ({@link
     * SigV4Settings#suiteKeyId}): in verify mode only they hold that key's secret.
     */
    public boolean suite() {
        return SigV4Settings.isSuiteKey(accessKeyId);
    }
}
