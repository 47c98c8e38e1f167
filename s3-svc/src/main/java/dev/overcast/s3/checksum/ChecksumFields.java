package dev.overcast.s3.checksum;

import java.util.function.Consumer;

/** Puts a checksum value into the member of its algorithm ({@code ChecksumCRC32}…) of an SDK response builder. */
public final class ChecksumFields {

    private ChecksumFields() {
    }

    public static void set(String algorithm, String value, Consumer<String> crc32, Consumer<String> crc32c,
                           Consumer<String> crc64nvme, Consumer<String> sha1, Consumer<String> sha256) {
        if (algorithm == null || value == null) {
            return;
        }
        switch (algorithm) {
            case "CRC32" -> crc32.accept(value);
            case "CRC32C" -> crc32c.accept(value);
            case "CRC64NVME" -> crc64nvme.accept(value);
            case "SHA1" -> sha1.accept(value);
            case "SHA256" -> sha256.accept(value);
            default -> {
            }
        }
    }
}
