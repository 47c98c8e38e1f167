package dev.overcast.s3.object;

import java.util.List;

/**
 * One page of a listing: objects and common prefixes in key order.
 *
 * @param objects        the objects of the page
 * @param commonPrefixes the rolled-up prefixes of the page
 * @param truncated      whether more follow
 * @param lastKey        the last key or common prefix of the page: where the next page starts after
 */
public record ObjectListing(List<StoredObject> objects, List<String> commonPrefixes, boolean truncated, String lastKey) {
}
