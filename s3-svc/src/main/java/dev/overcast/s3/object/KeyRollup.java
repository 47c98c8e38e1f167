package dev.overcast.s3.object;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing in key order, rolling keys that hold the delimiter after the prefix up into common
 * prefixes (each counted once, whatever it covers), up to {@code max} entries. The rows come from a source that
 * can continue after a row or from a key on.
 */
public final class KeyRollup {

    /** Where rows come from, in listing order, within the listing's prefix. */
    interface Rows<T> {
        /** Up to {@code limit} rows after {@code row} (null: from the listing's start). */
        List<T> after(T row, int limit);

        /** Up to {@code limit} rows whose keys are at or after {@code key}. */
        List<T> from(String key, int limit);
    }

    /**
     * @param lastKey the last key or common prefix of the page
     * @param lastRow the page's last entry when it is a row, null when it is a common prefix
     */
    public record Page<T>(List<T> rows, List<String> prefixes, boolean truncated, String lastKey, T lastRow) {
    }

    private KeyRollup() {
    }

    /**
     * A page of at most {@code max} entries; none (and not truncated, as S3 answers {@code max-keys=0}) when
     * {@code max} is 0.
     */
    static <T> Page<T> page(Rows<T> source, Function<T, String> keyOf, KeyRange range, String delimiter, int max) {
        if (max <= 0) {
            return new Page<>(List.of(), List.of(), false, null, null);
        }
        String prefix = range.prefix();
        List<T> rows = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastKey = null;
        T lastRow = null;
        T afterRow = null;
        String fromKey = null;
        while (true) {
            int batch = max - rows.size() - prefixes.size() + 1;
            List<T> fetched = fromKey != null ? source.from(fromKey, batch) : source.after(afterRow, batch);
            boolean restarted = false;
            for (T row : fetched) {
                if (rows.size() + prefixes.size() == max) {
                    return new Page<>(rows, prefixes, true, lastKey, lastRow);
                }
                String common = KeyRange.commonPrefix(keyOf.apply(row), prefix, delimiter);
                if (common == null) {
                    rows.add(row);
                    lastKey = keyOf.apply(row);
                    lastRow = row;
                } else {
                    prefixes.add(common);
                    lastKey = common;
                    lastRow = null;
                    fromKey = common + KeyRange.HIGHEST; // skip every key under the common prefix
                    restarted = true;
                    break;
                }
            }
            if (!restarted) {
                if (fetched.size() < batch) {
                    return new Page<>(rows, prefixes, false, lastKey, lastRow);
                }
                afterRow = fetched.get(fetched.size() - 1);
                fromKey = null;
            }
        }
    }
}
