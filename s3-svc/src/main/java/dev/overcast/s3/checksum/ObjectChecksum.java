package dev.overcast.s3.checksum;

/**
 * The flexible checksum stored with an object: algorithm ({@code CRC32}…), base64 value, and type
 * ({@code FULL_OBJECT}, or {@code COMPOSITE} for a checksum of part checksums, whose value ends in {@code -N}).
 */
public record ObjectChecksum(String algorithm, String value, String type) {
}
