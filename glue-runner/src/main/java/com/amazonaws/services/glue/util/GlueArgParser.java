package com.amazonaws.services.glue.util;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GlueArgParser.getResolvedOptions(sysArgs, Array("JOB_NAME", ...))}: the named arguments of the run, from the
 * {@code --NAME value} (or {@code --NAME=value}) pairs Glue passes to the job's main method; every name asked for must
 * be there.
 */
public final class GlueArgParser {

    private GlueArgParser() {
    }

    public static scala.collection.immutable.Map<String, String> getResolvedOptions(String[] args, String[] options) {
        return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(resolve(args, options)));
    }

    /** The same as a Java map. */
    public static Map<String, String> resolve(String[] args, String[] options) {
        Map<String, String> all = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                continue;
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                all.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                all.put(a.substring(2), args[++i]);
            } else {
                all.put(a.substring(2), "");
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String option : options) {
            String value = all.get(option);
            if (value == null) {
                throw new IllegalArgumentException("Argument --" + option + " is required but was not given to the job run");
            }
            resolved.put(option, value);
        }
        return resolved;
    }
}
