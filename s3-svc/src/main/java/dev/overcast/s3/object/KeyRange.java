package dev.overcast.s3.object;

import dev.overcast.s3.StoredText;

/**
 * The keys a listing reads (objects, versions, multipart uploads): those that start with the prefix, after the
 * marker. Every listing turns its request parameters into bounds here, so that what reaches SQL is text PostgreSQL
 * can hold and compare:
 * <ul>
 * <li>PostgreSQL text cannot hold U+0000, so no stored key holds one. A prefix holding it therefore matches no key,
 * and a marker holding it comes after exactly the keys that come after its part before the first U+0000 (in byte
 * order U+0000 sorts before every other character).</li>
 * <li>A marker that is a common prefix of the listing (the NextMarker, NextKeyMarker or continuation token of a page
 * that ended on one) starts after every key under that prefix, so the next page never rolls it up again.</li>
 * </ul>
 *
 * @param prefix the keys' common start ({@code key >= prefix})
 * @param upper  past every key that starts with the prefix ({@code key < upper})
 * @param after  the keys follow this ({@code key > after}); "" for the listing's start
 * @param none   whether no key can match (the listing is empty)
 */
public record KeyRange(String prefix, String upper, String after, boolean none) {

    /** Sorts after every key with the same start: the highest code point, U+10FFFF. */
    public static final String HIGHEST = "\uDBFF\uDFFF";

    /**
     * @param prefix    the listing's prefix, or null
     * @param delimiter the listing's delimiter, or null
     * @param marker    the key (or common prefix) the listing starts after, or null
     */
    public static KeyRange of(String prefix, String delimiter, String marker) {
        String p = prefix == null ? "" : prefix;
        if (!StoredText.canHold(p)) {
            return new KeyRange("", HIGHEST, HIGHEST, true);
        }
        String after = marker == null ? "" : StoredText.beforeNul(marker);
        if (!after.isEmpty() && after.equals(ObjectStore.commonPrefix(after, p, delimiter))) {
            after = after + HIGHEST; // skip every key under the prefix the marker names
        }
        return new KeyRange(p, p + HIGHEST, after, false);
    }

    /**
     * Whether the range starts right after {@code keyMarker} as given, so that a version-id or upload-id marker picks
     * up within that key; not when there is none, or when it was cut at a U+0000 or names a common prefix.
     */
    public boolean startsAtKey(String keyMarker) {
        return keyMarker != null && after.equals(keyMarker);
    }
}
