package dev.overcast.dynamodb;

import dev.overcast.common.error.AwsException;

/** DynamoDB's error codes and the messages it writes with them. */
public final class DynamoDbErrors {

    private DynamoDbErrors() {
    }

    public static AwsException validation(String message) {
        return new AwsException("ValidationException", 400, message);
    }

    /** "One or more parameter values were invalid: …" */
    public static AwsException invalidParameter(String detail) {
        return validation("One or more parameter values were invalid: " + detail);
    }

    public static AwsException resourceNotFound() {
        return new AwsException("ResourceNotFoundException", 400, "Requested resource not found");
    }

    public static AwsException tableNotFound(String name) {
        return new AwsException("ResourceNotFoundException", 400,
                "Requested resource not found: Table: " + name + " not found");
    }

    public static AwsException resourceInUse(String message) {
        return new AwsException("ResourceInUseException", 400, message);
    }

    public static AwsException conditionalCheckFailed() {
        return new AwsException("ConditionalCheckFailedException", 400, "The conditional request failed");
    }

    public static AwsException limitExceeded(String message) {
        return new AwsException("LimitExceededException", 400, message);
    }

    public static AwsException idempotentParameterMismatch() {
        return new AwsException("IdempotentParameterMismatchException", 400,
                "The request uses the same client token as a previous, but non-identical request.");
    }

    /** "1 validation error detected: Value '…' at '…' failed to satisfy constraint: …" */
    public static AwsException constraint(Object value, String member, String constraint) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
