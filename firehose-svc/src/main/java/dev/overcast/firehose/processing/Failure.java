package dev.overcast.firehose.processing;

import java.time.Instant;

/**
 * A record that failed processing, delivered under ErrorOutputPrefix with {@code !{firehose:error-output-type}} its
 * {@code errorOutputType}, as Firehose's error record
 * ({@code attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp, rawData, lambdaArn}).
 */
public record Failure(Item item, String errorOutputType, String errorCode, String errorMessage, int attempts,
                      Instant endedAt, String lambdaArn) {
}
