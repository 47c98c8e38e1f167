package dev.overcast.s3.bucket;

import dev.overcast.s3.S3Errors;
import java.util.regex.Pattern;

/**
 * S3's general purpose bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending
 * with a letter or digit; no two adjacent dots, no dot next to a hyphen ({@code b.-c}, {@code b-.c}), not an IP
 * address, no reserved prefix or suffix.
 */
public final class BucketNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final String[] RESERVED_PREFIXES = {"xn--", "sthree-", "amzn-s3-demo-"};
    private static final String[] RESERVED_SUFFIXES = {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};

    private BucketNames() {
    }

    public static void validate(String name) {
        if (!isValid(name)) {
            throw S3Errors.invalidBucketName(name);
        }
    }

    public static boolean isValid(String name) {
        if (name == null || !SHAPE.matcher(name).matches() || name.contains("..")
                || name.contains(".-") || name.contains("-.") || IP.matcher(name).matches()) {
            return false;
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return false;
            }
        }
        return true;
    }
}
