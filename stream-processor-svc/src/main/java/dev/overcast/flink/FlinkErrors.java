package dev.overcast.flink;

import dev.overcast.common.error.AwsException;

/** Managed Flink's error codes and the messages it writes with them. */
public final class FlinkErrors {

    private FlinkErrors() {
    }

    public static AwsException resourceNotFound(String message) {
        return new AwsException("ResourceNotFoundException", 400, message);
    }

    public static AwsException resourceInUse(String message) {
        return new AwsException("ResourceInUseException", 400, message);
    }

    public static AwsException invalidArgument(String message) {
        return new AwsException("InvalidArgumentException", 400, message);
    }

    public static AwsException invalidConfiguration(String message) {
        return new AwsException("InvalidApplicationConfigurationException", 400, message);
    }

    public static AwsException concurrentModification(String message) {
        return new AwsException("ConcurrentModificationException", 400, message);
    }

    public static AwsException limitExceeded(String message) {
        return new AwsException("LimitExceededException", 400, message);
    }

    /** "Application a does not exist" */
    public static AwsException applicationNotFound(String name) {
        return resourceNotFound("Application " + name + " does not exist");
    }

    /** "Application a is in RUNNING status. …" */
    public static AwsException wrongStatus(String name, String status, String action) {
        return resourceInUse("Application " + name + " is in " + status + " status. " + action);
    }

    /** The version check of every configuration change. */
    public static AwsException versionMismatch(long given, long current) {
        return concurrentModification("The provided application version id " + given
                + " does not match the current application version id " + current
                + ". Please provide the current application version id.");
    }
}
