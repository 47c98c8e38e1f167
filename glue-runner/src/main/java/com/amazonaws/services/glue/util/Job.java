package com.amazonaws.services.glue.util;

import com.amazonaws.services.glue.GlueContext;
import dev.overcast.glue.runner.RunContext;
import java.util.Map;

/**
 * {@code Job.init(args("JOB_NAME"), glueContext, args.asJava)} ... {@code Job.commit()}: a job run's start and its
 * successful end, which records the job bookmark of the files this run's sources read.
 */
public final class Job {

    private static volatile String name;

    private Job() {
    }

    public static void init(String jobName, GlueContext glueContext, Map<String, String> args) {
        name = jobName;
    }

    public static void init(String jobName, GlueContext glueContext) {
        init(jobName, glueContext, Map.of());
    }

    public static boolean isInitialized() {
        return name != null;
    }

    public static String jobName() {
        return name;
    }

    public static String runId() {
        return RunContext.get().runId();
    }

    /** Records the bookmark state (with job-bookmark-enable). */
    public static void commit() {
        RunContext.bookmarks().commit();
    }

    /** Glue's reset: the bookmark is left as the run found it (reset it with ResetJobBookmark). */
    public static void reset() {
    }
}
