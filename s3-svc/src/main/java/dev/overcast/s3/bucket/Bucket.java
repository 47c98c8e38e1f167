package dev.overcast.s3.bucket;

import java.time.Instant;

/** A bucket row. */
public record Bucket(String name, String accountId, String region, Instant createdAt, String objectOwnership,
                     boolean objectLockEnabled) {
}
