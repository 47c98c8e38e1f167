package dev.overcast.s3.multipart;

import java.time.Instant;

/**
 * A part of an upload in progress: a blob of {@code size} bytes, the checksum the client declared, if any, and the
 * initial counter block of its SSE-C ciphertext (null when not encrypted with a customer key).
 */
public record UploadedPart(int partNumber, long blobId, long size, String etag, Instant lastModified, int chunkSize,
                           String checksum, byte[] sseIv) {
}
