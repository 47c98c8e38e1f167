package dev.overcast.s3.object;

/**
 * The keys a listing reads (objects, versions, multipart uploads): those that start with the prefix, after the
 * marker. Every listing turns its request parameters into bounds here. A marker that is a common prefix of the
 * listing (the NextMarker, NextKeyMarker or continuation token of a page that ended on one) starts after every key
 * under that prefix, so the next page never rolls it up again. Prefixes and markers may hold any character, U+0000
 * included, as keys may ({@link dev.overcast.s3.StoredText} keeps their order as stored).
 *
 * @param prefix the keys' common start ({@code key >= prefix})
 * @param upper  past every key that starts with the prefix ({@code key < upper})
 * @param after  the keys follow this ({@code key > after}); "" for the listing's start
 */
public record KeyRange(String prefix, String upper, String after) {

    /** Sorts after every key with the same start: the highest code point, U+10FFFF. */
    public static final String HIGHEST = "\uDBFF\uDFFF";

    /**
     * @param prefix    the listing's prefix, or null
     * @param delimiter the listing's delimiter, or null
     * @param marker    the key (or common prefix) the listing starts after, or null
     */
    public static KeyRange of(String prefix, String delimiter, String marker) {
        String p = prefix == null ? "" : prefix;
        String after = marker == null ? "" : marker;
        if (!after.isEmpty() && after.equals(commonPrefix(after, p, delimiter))) {
            after = after + HIGHEST; // skip every key under the prefix the marker names
        }
        return new KeyRange(p, p + HIGHEST, after);
    }

    /**
     * Whether the range starts right after {@code keyMarker} as given, so that a version-id or upload-id marker picks
     * up within that key; not when there is none, or when it names a common prefix.
     */
    public boolean startsAtKey(String keyMarker) {
        return keyMarker != null && after.equals(keyMarker);
    }

    /** The common prefix the key rolls up into: up to the first delimiter after the prefix (null: none). */
    public static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }
}
