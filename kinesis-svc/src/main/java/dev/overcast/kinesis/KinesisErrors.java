package dev.overcast.kinesis;

import dev.overcast.common.error.AwsException;

/** Kinesis's error codes and the messages it writes with them. */
public final class KinesisErrors {

    private KinesisErrors() {
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

    public static AwsException throughputExceeded(String message) {
        return new AwsException("ProvisionedThroughputExceededException", 400, message);
    }

    public static AwsException expiredIterator(String message) {
        return new AwsException("ExpiredIteratorException", 400, message);
    }

    public static AwsException expiredNextToken(String message) {
        return new AwsException("ExpiredNextTokenException", 400, message);
    }

    /** "Stream s under account 123456789012 not found." */
    public static AwsException streamNotFound(String name, String account) {
        return resourceNotFound("Stream " + name + " under account " + account + " not found.");
    }

    /** "Stream s under account 123456789012 already exists." */
    public static AwsException streamExists(String name, String account) {
        return resourceInUse("Stream " + name + " under account " + account + " already exists.");
    }

    /** "Consumer arn:aws:kinesis:…/consumer/c:1700000000 under account 123456789012 not found." (or the consumer's name) */
    public static AwsException consumerNotFound(String consumer, String account) {
        return resourceNotFound("Consumer " + consumer + " under account " + account + " not found.");
    }

    /** "Shard shardId-000000000009 in stream s under account 123456789012 does not exist" */
    public static AwsException shardNotFound(String shardId, String stream, String account) {
        return resourceNotFound("Shard " + shardId + " in stream " + stream + " under account " + account + " does not exist");
    }

    /** A ValidationException with a message of its own (not a list of member constraints). */
    public static AwsException validation(String message) {
        return new AwsException("ValidationException", 400, message);
    }
}
