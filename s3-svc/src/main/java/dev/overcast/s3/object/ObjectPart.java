package dev.overcast.s3.object;

/**
 * One part of a completed multipart object: a blob laid at {@code startOffset} of the object's bytes, with the
 * initial counter block of its SSE-C ciphertext (null when not encrypted with a customer key).
 */
public record ObjectPart(int partNumber, long startOffset, long size, long blobId, int chunkSize, byte[] sseIv) {
}
