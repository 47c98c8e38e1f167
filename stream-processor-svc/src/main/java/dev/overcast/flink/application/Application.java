package dev.overcast.flink.application;

import dev.overcast.common.protocol.json.ModelJson;
import java.time.Instant;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;

/**
 * One application as stored: the columns AWS conditions on, and the description it returns.
 *
 * @param detail         the ApplicationDetail as last written (status and version as the columns say)
 * @param systemRollback ApplicationSystemRollbackConfiguration's RollbackEnabled (newer than the served SDK model)
 */
public record Application(long id, String account, String region, String name, String arn, String status,
                          long versionId, Instant created, Instant updated, ApplicationDetail detail, boolean shouldRun,
                          boolean systemRollback) {

    /** The description with its live status and version. */
    public ApplicationDetail describe() {
        return detail.toBuilder().applicationStatus(status).applicationVersionId(versionId)
                .createTimestamp(created).lastUpdateTimestamp(updated).conditionalToken(conditionalToken()).build();
    }

    /** The token that stands for this version of this application (UpdateApplication's ConditionalToken). */
    public String conditionalToken() {
        return Long.toHexString(versionId * 0x9E3779B97F4A7C15L ^ id);
    }

    public static ApplicationDetail parse(String json) {
        return ModelJson.read(json, ApplicationDetail.class);
    }

    public boolean snapshotsEnabled() {
        var c = detail.applicationConfigurationDescription();
        return c != null && c.applicationSnapshotConfigurationDescription() != null
                && Boolean.TRUE.equals(c.applicationSnapshotConfigurationDescription().snapshotsEnabled());
    }
}
