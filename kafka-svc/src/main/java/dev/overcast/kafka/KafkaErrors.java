package dev.overcast.kafka;

import dev.overcast.common.error.AwsException;
import software.amazon.awssdk.services.kafka.model.BadRequestException;
import software.amazon.awssdk.services.kafka.model.ConflictException;
import software.amazon.awssdk.services.kafka.model.NotFoundException;

/** MSK's errors: {@code {"message": …, "invalidParameter": …}} with the error type in {@code x-amzn-ErrorType}. */
public final class KafkaErrors {

    private KafkaErrors() {
    }

    /** 400 BadRequestException naming the parameter at fault. */
    public static AwsException badRequest(String parameter, String message) {
        return new AwsException("BadRequestException", 400, message)
                .withDetails(BadRequestException.builder().invalidParameter(parameter).build());
    }

    /** 404 NotFoundException. */
    public static AwsException notFound(String parameter, String message) {
        return new AwsException("NotFoundException", 404, message)
                .withDetails(NotFoundException.builder().invalidParameter(parameter).build());
    }

    /** 409 ConflictException (a name in use). */
    public static AwsException conflict(String parameter, String message) {
        return new AwsException("ConflictException", 409, message)
                .withDetails(ConflictException.builder().invalidParameter(parameter).build());
    }

    public static AwsException clusterNotFound(String arn) {
        return notFound("clusterArn", "The requested resource could not be found: " + arn);
    }

    /** A mutation with a CurrentVersion that is not the cluster's. */
    public static AwsException staleVersion(String given) {
        return badRequest("currentVersion", "The cluster version " + given
                + " does not match the current version of the cluster. Describe the cluster to get its current version.");
    }

    /** A mutation of a cluster that is not ACTIVE. */
    public static AwsException notActive(String arn, String state) {
        return badRequest("clusterArn", "The cluster " + arn + " is in state " + state
                + ". The operation can be performed only when the cluster is in ACTIVE state.");
    }

    /** MSK's answer to a Kafka version it does not offer (here: one not packed, or one that needs ZooKeeper). */
    public static AwsException unsupportedVersion(String parameter, String version) {
        return badRequest(parameter, "Unsupported KafkaVersion [" + version + "]. Valid values: "
                + String.join(", ", dev.overcast.kafka.broker.KafkaVersions.names()) + ".");
    }
}
