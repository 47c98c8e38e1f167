package dev.overcast.s3.object;

import dev.overcast.common.api.RequestContext;
import dev.overcast.s3.StoredText;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A metadata change (tags, ACL, Object Lock settings) of a version that replication linked to another, noted in the
 * change's transaction for the replication package to carry: a source version's change goes to its replica (as S3
 * replicates metadata changes), a replica's back to its source version when the replica's bucket has a rule with
 * ReplicaModifications Enabled (S3's replica modification sync). A change replication itself makes (a sync arriving)
 * is not noted again, so nothing goes back and forth. A source version still PENDING has no replica yet: its copy
 * takes its metadata as they are then, and the replication worker notes a change made while it copied (or since a
 * copy whose answer was lost, which its next try finds made).
 */
public final class ReplicaChanges {

    private ReplicaChanges() {
    }

    /** Within the change's transaction, under the key's lock: notes the version's change when it is linked. */
    public static void changed(JdbcTemplate jdbc, RequestContext ctx, StoredObject version) {
        if (ObjectApi.byReplication(ctx)) {
            return;
        }
        String status = version.attributes().replicationStatus();
        if ("REPLICA".equals(status)) {
            StoredText.binding(jdbc).update("update replica_link set sync_pending = true where replica_bucket = ? "
                    + "and key = ? and replica_version = ?", version.bucket(), version.key(), version.versionId());
        } else if ("COMPLETED".equals(status)) {
            sourceChanged(jdbc, version);
        }
    }

    /** Notes that the source version's metadata are to go to its replica. */
    public static void sourceChanged(JdbcTemplate jdbc, StoredObject source) {
        StoredText.binding(jdbc).update("update replica_link set forward_pending = true where source_bucket = ? "
                + "and key = ? and source_version = ?", source.bucket(), source.key(), source.versionId());
    }
}
