package dev.overcast.common.error;

/** Errors every JSON-protocol service shares (the "coral" errors). S3's own live in s3-svc. */
public final class CommonErrors {

    /** Where the shared front end's errors come from, for services whose {@code __type} names a namespace. */
    private static final java.util.Map<String, String> CORAL_NAMESPACES = java.util.Map.of(
            "ValidationException", "com.amazon.coral.validate#",
            "SerializationException", "com.amazon.coral.service#",
            "UnknownOperationException", "com.amazon.coral.service#",
            "AccessDeniedException", "com.amazon.coral.service#",
            "IncompleteSignatureException", "com.amazon.coral.service#",
            "InvalidSignatureException", "com.amazon.coral.service#",
            "MissingAuthenticationTokenException", "com.amazon.coral.service#",
            "UnrecognizedClientException", "com.amazon.coral.service#",
            "InternalFailure", "com.amazon.coral.service#");

    /**
     * The {@code __type} of an error: as is for a service without a namespace; else the front end's own errors in
     * coral's namespaces ({@code com.amazon.coral.validate#ValidationException}) and the service's in its own
     * ({@code com.amazonaws.dynamodb.v20120810#ResourceNotFoundException}), as DynamoDB sends them.
     */
    /**
     * The member that carries an error's message: {@code message}, except for the front end's SerializationException
     * and AccessDeniedException, which a namespaced service writes with {@code Message}.
     */
    public static String messageMember(String code, String servicePrefix) {
        boolean capital = servicePrefix != null && !servicePrefix.isEmpty()
                && (code.equals("SerializationException") || code.equals("AccessDeniedException"));
        return capital ? "Message" : "message";
    }

    public static String qualifiedType(String code, String servicePrefix) {
        if (servicePrefix == null || servicePrefix.isEmpty()) {
            return code;
        }
        return CORAL_NAMESPACES.getOrDefault(code, servicePrefix) + code;
    }

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

    /** "1 validation error detected: …" or "N validation errors detected: …; …", one clause per violation. */
    public static AwsException validation(java.util.List<String> violations) {
        int n = violations.size();
        return validation(n + (n == 1 ? " validation error detected: " : " validation errors detected: ")
                + String.join("; ", violations));
    }

    public static AwsException serviceUnavailable(String message) {
        return new AwsException("ServiceUnavailable", 503, message);
    }

    public static AwsException internal(String message) {
        return new AwsException("InternalFailure", 500, message);
    }
}
