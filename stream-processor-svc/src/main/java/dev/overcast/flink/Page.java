package dev.overcast.flink;

import java.util.List;

/**
 * One page of a listing (snapshots, versions, operations): Limit items (50 when not given) from the position the
 * NextToken names; the token of the next page, or null at the end. A token the service did not give is refused with
 * InvalidArgumentException.
 *
 * @param items the page's items
 * @param nextToken the next page's token, or null
 */
public record Page<T>(List<T> items, String nextToken) {

    public static <T> Page<T> of(List<T> all, Integer limit, String nextToken) {
        int size = limit == null ? 50 : limit;
        int from = 0;
        if (nextToken != null) {
            try {
                from = Integer.parseInt(nextToken);
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0) {
                throw FlinkErrors.invalidArgument("Invalid NextToken " + nextToken);
            }
        }
        List<T> items = all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()));
        return new Page<>(items, from + size < all.size() ? Integer.toString(from + size) : null);
    }
}
