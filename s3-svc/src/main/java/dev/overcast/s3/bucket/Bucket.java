package dev.overcast.s3.bucket;

import dev.overcast.s3.encryption.Encryption;
import java.time.Instant;

/** A bucket row, with its default encryption. */
public record Bucket(String name, String accountId, String region, Instant createdAt, String objectOwnership,
                     boolean objectLockEnabled, Encryption encryption) {
}
