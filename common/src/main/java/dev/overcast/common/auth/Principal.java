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
}
