package dev.overcast.glue.job;

import dev.overcast.glue.store.Scope;

/** Published when a job run reaches a final state, for conditional triggers and workflows. */
public record JobRunFinished(Scope scope, String job, String runId, String state, String triggerName) {
}
