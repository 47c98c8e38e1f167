package dev.overcast.glue;

import dev.overcast.common.error.AwsException;

/** Glue's error codes and the messages it writes with them. */
public final class GlueErrors {

    private GlueErrors() {
    }

    public static AwsException entityNotFound(String message) {
        return new AwsException("EntityNotFoundException", 400, message);
    }

    public static AwsException alreadyExists(String message) {
        return new AwsException("AlreadyExistsException", 400, message);
    }

    public static AwsException invalidInput(String message) {
        return new AwsException("InvalidInputException", 400, message);
    }

    public static AwsException resourceNumberLimitExceeded(String message) {
        return new AwsException("ResourceNumberLimitExceededException", 400, message);
    }

    public static AwsException concurrentRunsExceeded(String message) {
        return new AwsException("ConcurrentRunsExceededException", 400, message);
    }

    public static AwsException crawlerRunning(String message) {
        return new AwsException("CrawlerRunningException", 400, message);
    }

    public static AwsException crawlerNotRunning(String message) {
        return new AwsException("CrawlerNotRunningException", 400, message);
    }

    public static AwsException crawlerStopping(String message) {
        return new AwsException("CrawlerStoppingException", 400, message);
    }

    public static AwsException illegalWorkflowState(String message) {
        return new AwsException("IllegalWorkflowStateException", 400, message);
    }

    public static AwsException concurrentModification(String message) {
        return new AwsException("ConcurrentModificationException", 400, message);
    }

    public static AwsException conditionCheckFailure(String message) {
        return new AwsException("ConditionCheckFailureException", 400, message);
    }

    public static AwsException notFound(String kind, String name) {
        return entityNotFound(kind + " " + name + " not found.");
    }
}
