package dev.overcast.s3.multipart;

import dev.overcast.s3.object.ObjectWrite;
import java.time.Instant;

/** A multipart upload in progress and what the object it completes into will carry besides its bytes. */
public record Upload(String id, String accountId, Instant initiated, ObjectWrite object, String checksumAlgorithm,
                     String checksumType) {

    public String bucket() {
        return object.bucket();
    }

    public String key() {
        return object.key();
    }
}
