package dev.overcast.common.error;

/** Errors every JSON-protocol service shares (the "coral" errors). S3's own live in s3-svc. */
public final class CommonErrors {

    private CommonErrors() {
    }

    public static AwsException unknownOperation(String action) {
        return new AwsException("UnknownOperationException", 400,
                action == null || action.isEmpty() ? "Unknown operation" : "Unknown operation " + action);
    }

    public static AwsException notImplemented(String action) {
        return new AwsException("UnknownOperationException", 400,
                "The action " + action + " is not implemented by Overcast yet");
    }

    public static AwsException serialization(String message) {
        return new AwsException("SerializationException", 400, message);
    }

    public static AwsException validation(String message) {
        return new AwsException("ValidationException", 400, message);
    }

    public static AwsException serviceUnavailable(String message) {
        return new AwsException("ServiceUnavailable", 503, message);
    }

    public static AwsException internal(String message) {
        return new AwsException("InternalFailure", 500, message);
    }
}
