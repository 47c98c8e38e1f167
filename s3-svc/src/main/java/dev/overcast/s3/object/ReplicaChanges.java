package dev.overcast.s3.object;

import dev.overcast.common.api.RequestContext;
import dev.overcast.s3.StoredText;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A metadata change (tags, ACL) of a replica, noted for replication back to its source version (S3's replica
 * modification sync): the replication package carries it when the replica's bucket has a rule with
 * ReplicaModifications Enabled. A change replication itself makes (a sync arriving) is not noted again.
 */
public final class ReplicaChanges {

    private ReplicaChanges() {
    }

    /** Within or after the change's transaction: notes the version's change when it is a replica. */
    public static void changed(JdbcTemplate jdbc, RequestContext ctx, StoredObject version) {
        if ("REPLICA".equals(version.attributes().replicationStatus())
                && !ObjectApi.byReplication(ctx)) {
            StoredText.binding(jdbc).update("update replica_link set sync_pending = true where replica_bucket = ? "
                    + "and key = ? and replica_version = ?", version.bucket(), version.key(), version.versionId());
        }
    }
}
