package dev.overcast.kinesis.stream;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.EnhancedMetrics;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamModeDetails;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A stream as stored. Its status is {@code pendingStatus} (CREATING after CreateStream, UPDATING after a resharding)
 * until {@code readyAt}, then ACTIVE; after DeleteStream it is DELETING until {@code readyAt}, then gone (its row
 * waits for {@link DeletedStreams} to purge it). Its records are at most {@code maxRecordSizeKib} KiB (1 MiB unless UpdateMaxRecordSize
 * said otherwise).
 */
public record Stream(long id, String account, String region, String name, StreamMode mode, int retentionHours,
                     String encryptionType, String keyId, Instant createdAt, Instant readyAt, StreamStatus pendingStatus,
                     List<String> shardLevelMetrics, int maxRecordSizeKib) {

    /** The largest record (data and partition key) the stream takes. */
    public int maxRecordBytes() {
        return maxRecordSizeKib * 1024;
    }

    public static String arn(String region, String account, String name) {
        return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name;
    }

    public String arn() {
        return arn(region, account, name);
    }

    public StreamStatus status(Instant now) {
        return now.isBefore(readyAt) || pendingStatus == StreamStatus.DELETING ? pendingStatus : StreamStatus.ACTIVE;
    }

    /** Deleted and past its DELETING phase: to every action as if it had never been. */
    public boolean gone(Instant now) {
        return pendingStatus == StreamStatus.DELETING && !now.isBefore(readyAt);
    }

    public boolean active(Instant now) {
        return status(now) == StreamStatus.ACTIVE;
    }

    /** The stream's enhanced monitoring as DescribeStream and DescribeStreamSummary show it. */
    public EnhancedMetrics enhancedMetrics() {
        return EnhancedMetrics.builder().shardLevelMetricsWithStrings(shardLevelMetrics).build();
    }

    public StreamModeDetails modeDetails() {
        return StreamModeDetails.builder().streamMode(mode).build();
    }
}
