package dev.overcast.s3.object;

/** One part of a completed multipart object: a blob laid at {@code startOffset} of the object's bytes. */
public record ObjectPart(int partNumber, long startOffset, long size, long blobId, int chunkSize) {
}
