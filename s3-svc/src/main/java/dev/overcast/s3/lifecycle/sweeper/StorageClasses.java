package dev.overcast.s3.lifecycle.sweeper;

import java.util.List;
import java.util.Map;

/**
 * The order lifecycle transitions follow (S3's waterfall): an object only moves to a class further down, never back up
 * or sideways.
 */
final class StorageClasses {

    private static final Map<String, Integer> RANK = Map.of("STANDARD", 0, "REDUCED_REDUNDANCY", 0,
            "INTELLIGENT_TIERING", 1, "STANDARD_IA", 1, "ONEZONE_IA", 2, "GLACIER_IR", 3, "GLACIER", 4,
            "DEEP_ARCHIVE", 5);
    /** Objects smaller than this stay where they are by default (TransitionDefaultMinimumObjectSize). */
    static final long DEFAULT_MIN_SIZE = 128 * 1024;

    private StorageClasses() {
    }

    /** The classes an object may transition to {@code target} from. */
    static String[] above(String target) {
        int rank = RANK.getOrDefault(target, 0);
        return RANK.entrySet().stream().filter(e -> e.getValue() < rank).map(Map.Entry::getKey).sorted()
                .toArray(String[]::new);
    }

    /** The least size an object must have to transition to {@code target}, by the bucket's minimum-size setting. */
    static long minSize(String target, String transitionMinSize) {
        boolean varies = "varies_by_storage_class".equals(transitionMinSize);
        return varies && List.of("GLACIER", "DEEP_ARCHIVE").contains(target) ? 0 : DEFAULT_MIN_SIZE;
    }
}
