package dev.overcast.kafka;

import dev.overcast.common.error.AwsException;

/**
 * MSK Connect's errors (API {@code kafkaconnect}): {@code {"message": …}} with the type in {@code x-amzn-ErrorType}:
 * BadRequestException (400), NotFoundException (404), ConflictException (409).
 */
public final class ConnectErrors {

    private ConnectErrors() {
    }

    public static AwsException badRequest(String message) {
        return new AwsException("BadRequestException", 400, message);
    }

    public static AwsException notFound(String message) {
        return new AwsException("NotFoundException", 404, message);
    }

    public static AwsException conflict(String message) {
        return new AwsException("ConflictException", 409, message);
    }

    /** A resource of {@code kind} (connector, custom plugin, worker configuration) that is not there. */
    public static AwsException notFound(String kind, String arn) {
        return notFound("The " + kind + " " + arn + " could not be found.");
    }
}
