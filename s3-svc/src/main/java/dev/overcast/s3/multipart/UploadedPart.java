package dev.overcast.s3.multipart;

import java.time.Instant;

/** A part of an upload in progress: a blob of {@code size} bytes, and the checksum the client declared, if any. */
public record UploadedPart(int partNumber, long blobId, long size, String etag, Instant lastModified, int chunkSize,
                           String checksum) {
}
