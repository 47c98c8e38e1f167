package dev.overcast.dynamodb.table;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.policy.DynamoDbPolicies;
import dev.overcast.dynamodb.policy.PolicyStore;
import dev.overcast.dynamodb.schema.TableDef;
import java.nio.charset.StandardCharsets;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Resource-based policies of tables and streams: PutResourcePolicy (with ExpectedRevisionId, or NO_POLICY to create
 * only), GetResourcePolicy, DeleteResourcePolicy; each change gets a new revision id. A table's or stream's policy
 * is what lets another account's requests at its ARN through, and what its explicit Deny refuses to anyone
 * ({@link TableStore}); these three actions are the owner's whatever the policy says, so that no policy locks its
 * owner out of changing it.
 */
@AwsApi(api = "dynamodb")
public class ResourcePolicyApi {

    private static final int MAX_POLICY_BYTES = 20 * 1024;
    private static final String NO_POLICY = "NO_POLICY";

    private final TableStore tables;
    private final PolicyStore policies;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public ResourcePolicyApi(TableStore tables, PolicyStore policies, TransactionTemplate tx, SuiteClock clock) {
        this.tables = tables;
        this.policies = policies;
        this.tx = tx;
        this.clock = clock;
    }

    /** The table of a table or stream ARN of the caller's account and region. */
    private TableDef resource(RequestContext ctx, String arn) {
        TableDef t = tables.findByArn(ctx.account(), ctx.region(), arn).orElse(null);
        boolean found = t != null && (arn.equals(t.arn()) || arn.equals(t.description().latestStreamArn()));
        if (!found) {
            throw new AwsException("ResourceNotFoundException", 400, "Requested resource not found: ResourceArn: " + arn + " not found");
        }
        return t;
    }

    private static AwsException noPolicy(String arn) {
        return new AwsException("PolicyNotFoundException", 400, "Resource-based policy not found for the provided ResourceArn: " + arn);
    }

    private static AwsException revisionMismatch(TableDef t, String expected, String actual) {
        return new AwsException("PolicyNotFoundException", 400, "Resource-based policy not found for the provided "
                + "ResourceArn: Requested update for policy revision id " + expected + ", but the policy associated to "
                + "target table " + t.name() + " has revision id " + actual + ".");
    }

    public PutResourcePolicyResponse putResourcePolicy(RequestContext ctx, PutResourcePolicyRequest r) {
        TableDef t = resource(ctx, r.resourceArn());
        if (r.policy().getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw DynamoDbErrors.validation("Policy size of " + r.policy().getBytes(StandardCharsets.UTF_8).length
                    + " bytes exceeds the maximum of " + MAX_POLICY_BYTES + " bytes");
        }
        DynamoDbPolicies.checked(r.policy(), r.resourceArn());
        String revision = tx.execute(s -> {
            PolicyStore.Stored current = policies.lock(r.resourceArn()).orElse(null);
            String expected = r.expectedRevisionId();
            if (expected != null) {
                if (NO_POLICY.equals(expected) ? current != null : current == null || !current.revisionId().equals(expected)) {
                    throw revisionMismatch(t, expected, current == null ? NO_POLICY : current.revisionId());
                }
            }
            String next = nextRevision(current);
            policies.put(r.resourceArn(), t.id(), r.policy(), next);
            tables.policyChanged(t.id());
            return next;
        });
        return PutResourcePolicyResponse.builder().revisionId(revision).build();
    }

    /** A revision id: the clock's milliseconds, after the current one. */
    private String nextRevision(PolicyStore.Stored current) {
        long next = clock.now().toEpochMilli();
        if (current != null) {
            try {
                next = Math.max(next, Long.parseLong(current.revisionId()) + 1);
            } catch (NumberFormatException ignored) {
                // a revision id of another form: any other value will do
            }
        }
        return Long.toString(next);
    }

    public GetResourcePolicyResponse getResourcePolicy(RequestContext ctx, GetResourcePolicyRequest r) {
        resource(ctx, r.resourceArn());
        PolicyStore.Stored p = policies.get(r.resourceArn()).orElseThrow(() -> noPolicy(r.resourceArn()));
        return GetResourcePolicyResponse.builder().policy(p.policy()).revisionId(p.revisionId()).build();
    }

    public DeleteResourcePolicyResponse deleteResourcePolicy(RequestContext ctx, DeleteResourcePolicyRequest r) {
        TableDef t = resource(ctx, r.resourceArn());
        String revision = tx.execute(s -> {
            PolicyStore.Stored current = policies.lock(r.resourceArn()).orElseThrow(() -> noPolicy(r.resourceArn()));
            if (r.expectedRevisionId() != null && !r.expectedRevisionId().equals(current.revisionId())) {
                throw revisionMismatch(t, r.expectedRevisionId(), current.revisionId());
            }
            policies.delete(r.resourceArn());
            tables.policyChanged(t.id());
            return current.revisionId();
        });
        return DeleteResourcePolicyResponse.builder().revisionId(revision).build();
    }
}
