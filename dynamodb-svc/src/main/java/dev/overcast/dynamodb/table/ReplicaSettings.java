package dev.overcast.dynamodb.table;

import dev.overcast.dynamodb.schema.TableDef;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * The settings a global table (version 2019.11.21) keeps alike on every replica, which an UpdateTable of one replica
 * changes on all of them: the billing mode, the write capacity (and the read capacity of a replica that has none of
 * its own: one whose read capacity was the updated replica's), the on-demand maximums, and the global secondary indexes
 * (created, deleted, their capacity) with the attribute definitions they need. The others stay each replica's own:
 * table class, deletion protection, streams, encryption, warm throughput.
 */
final class ReplicaSettings {

    private ReplicaSettings() {
    }

    /** The part of the request the replica takes from an UpdateTable of the source (another replica); null: none. */
    static UpdateTableRequest shared(UpdateTableRequest r, TableDef source, TableDef replica) {
        UpdateTableRequest.Builder b = UpdateTableRequest.builder().tableName(replica.name());
        boolean any = false;
        boolean modeChanges = r.billingMode() != null && r.billingMode() != billingMode(replica);
        if (modeChanges) {
            b.billingMode(r.billingMode());
            any = true;
        }
        if (r.provisionedThroughput() != null && r.billingMode() != BillingMode.PAY_PER_REQUEST) {
            ProvisionedThroughputDescription mine = replica.description().provisionedThroughput();
            ProvisionedThroughputDescription theirs = source.description().provisionedThroughput();
            boolean ownRead = !modeChanges && mine != null && theirs != null
                    && !Objects.equals(mine.readCapacityUnits(), theirs.readCapacityUnits());
            long read = ownRead ? mine.readCapacityUnits() : r.provisionedThroughput().readCapacityUnits();
            long write = r.provisionedThroughput().writeCapacityUnits();
            boolean same = mine != null && Objects.equals(mine.readCapacityUnits(), read)
                    && Objects.equals(mine.writeCapacityUnits(), write);
            if (modeChanges || !same) {
                b.provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build());
                any = true;
            }
        }
        if (r.onDemandThroughput() != null) {
            b.onDemandThroughput(r.onDemandThroughput());
            any = true;
        }
        if (r.hasGlobalSecondaryIndexUpdates() && !r.globalSecondaryIndexUpdates().isEmpty()) {
            b.globalSecondaryIndexUpdates(r.globalSecondaryIndexUpdates());
            if (r.hasAttributeDefinitions()) {
                b.attributeDefinitions(r.attributeDefinitions());
            }
            any = true;
        }
        return any ? b.build() : null;
    }

    private static BillingMode billingMode(TableDef t) {
        return t.description().billingModeSummary() == null ? BillingMode.PROVISIONED
                : t.description().billingModeSummary().billingMode();
    }
}
