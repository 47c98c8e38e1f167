package dev.overcast.s3.lifecycle.sweeper;

import dev.overcast.s3.StoredMaps;
import dev.overcast.s3.lifecycle.LifecycleRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's filter as SQL conditions on an object row (alias-free), with their arguments: the key's prefix, the tags
 * the version must carry ({@code tags @> …}), the size bounds.
 */
record RuleSql(String keyCondition, List<Object> keyArgs, String versionCondition, List<Object> versionArgs) {

    static RuleSql of(LifecycleRule.Filter filter) {
        List<Object> versionArgs = new ArrayList<>();
        StringBuilder version = new StringBuilder();
        if (!filter.tags().isEmpty()) {
            version.append(" and tags @> ?::jsonb");
            versionArgs.add(StoredMaps.toJson(filter.tags()));
        }
        if (filter.sizeGreaterThan() != null) {
            version.append(" and size > ?");
            versionArgs.add(filter.sizeGreaterThan());
        }
        if (filter.sizeLessThan() != null) {
            version.append(" and size < ?");
            versionArgs.add(filter.sizeLessThan());
        }
        return new RuleSql(" and starts_with(key, ?)", List.of(filter.prefix()), version.toString(), versionArgs);
    }

    /** Both conditions, for a query on one version at a time. */
    String all() {
        return keyCondition + versionCondition;
    }

    List<Object> allArgs() {
        List<Object> args = new ArrayList<>(keyArgs);
        args.addAll(versionArgs);
        return args;
    }
}
