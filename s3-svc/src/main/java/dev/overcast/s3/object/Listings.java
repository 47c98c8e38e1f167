package dev.overcast.s3.object;

import dev.overcast.s3.S3Errors;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * What every listing (objects, versions, multipart uploads, parts) reads from its request and writes into its answer
 * alike: max-keys, {@code encoding-type=url} and the keys, prefixes and delimiter encoded by it.
 */
public final class Listings {

    static final int MAX_KEYS = 1000;

    private Listings() {
    }

    public static List<CommonPrefix> prefixes(List<String> commonPrefixes, boolean url) {
        return commonPrefixes.stream().map(p -> CommonPrefix.builder().prefix(encode(p, url)).build()).toList();
    }

    public static int maxKeys(Integer requested) {
        if (requested == null) {
            return MAX_KEYS;
        }
        if (requested < 0) {
            throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys",
                    requested.toString());
        }
        return Math.min(requested, MAX_KEYS);
    }

    /**
     * Whether the listing answers URL-encoded ({@code encoding-type=url}, the only method S3 knows); InvalidArgument
     * for any other method.
     */
    public static boolean urlEncoding(String encodingType) {
        if (encodingType == null || encodingType.isEmpty()) {
            return false;
        }
        if (!EncodingType.URL.toString().equals(encodingType)) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }
        return true;
    }

    /**
     * A key, prefix or marker as a listing answers it: with {@code encoding-type=url}, percent-encoded as in a URI path
     * (every byte but the unreserved characters and {@code /}, so a space is {@code %20} and a {@code +} is
     * {@code %2B}), as S3 encodes it.
     */
    public static String encode(String value, boolean url) {
        if (value == null || !url) {
            return value;
        }
        return SdkHttpUtils.urlEncodeIgnoreSlashes(value);
    }

    /** The delimiter as a listing echoes it: an empty one is no delimiter, and S3 leaves it out. */
    public static String delimiter(String delimiter, boolean url) {
        return delimiter == null || delimiter.isEmpty() ? null : encode(delimiter, url);
    }
}
