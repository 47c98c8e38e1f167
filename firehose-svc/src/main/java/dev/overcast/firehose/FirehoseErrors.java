package dev.overcast.firehose;

import dev.overcast.common.error.AwsException;

/** Firehose's error codes and the messages it writes with them. */
public final class FirehoseErrors {

    private FirehoseErrors() {
    }

    public static AwsException invalidArgument(String message) {
        return new AwsException("InvalidArgumentException", 400, message);
    }

    public static AwsException resourceNotFound(String message) {
        return new AwsException("ResourceNotFoundException", 400, message);
    }

    public static AwsException resourceInUse(String message) {
        return new AwsException("ResourceInUseException", 400, message);
    }

    public static AwsException limitExceeded(String message) {
        return new AwsException("LimitExceededException", 400, message);
    }

    public static AwsException concurrentModification(String message) {
        return new AwsException("ConcurrentModificationException", 400, message);
    }

    /** "Firehose s under account 123456789012 not found." */
    public static AwsException streamNotFound(String name, String account) {
        return resourceNotFound("Firehose " + name + " under account " + account + " not found.");
    }

    /** "Firehose s under accountId 123456789012 already exists" */
    public static AwsException streamExists(String name, String account) {
        return resourceInUse("Firehose " + name + " under accountId " + account + " already exists");
    }

    /** An option of the API the suite does not serve yet: refused by name, never accepted and dropped. */
    public static AwsException unsupported(String what) {
        return invalidArgument(what + " is not supported by Overcast's Firehose yet.");
    }
}
