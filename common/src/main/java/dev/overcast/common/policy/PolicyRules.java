package dev.overcast.common.policy;

import dev.overcast.common.error.AwsException;
import java.util.function.Function;

/**
 * What a service checks of a resource-based policy it is given, beside the policy language itself: the service prefix
 * its actions must carry ({@code s3}, {@code dynamodb}), whether each statement must name its Resource, and the error
 * a malformed policy is answered with (S3's {@code MalformedPolicy}, DynamoDB's {@code ValidationException}), given the
 * reason.
 */
public record PolicyRules(String service, boolean resourceRequired, Function<String, AwsException> malformed) {

    AwsException malformed(String reason) {
        return malformed.apply(reason);
    }
}
