package dev.overcast.dynamodb.policy;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.common.policy.PolicyRules;
import dev.overcast.common.policy.RequestFacts;
import dev.overcast.dynamodb.DynamoDbErrors;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resource-based policies of tables and streams as DynamoDB checks them, evaluated by the suite's one evaluator
 * ({@link PolicyDocument}): actions {@code dynamodb:}, resources the table's or stream's ARN or under it (its indexes;
 * a statement without Resource means those), ValidationException when the document is not one.
 */
public final class DynamoDbPolicies {

    static final PolicyRules RULES = new PolicyRules("dynamodb", false,
            reason -> DynamoDbErrors.validation("Invalid policy document: " + reason));

    /**
     * The actions a table's or stream's policy decides that another account may be allowed to take there, as DynamoDB's
     * table of the APIs resource-based policies support has them: the item actions, DescribeTable, UpdateTable and
     * DeleteTable, the tag actions and the stream's readers. (That table lists the PartiQL APIs as not cross-account;
     * their actions are kept here as the suite had them.)
     */
    private static final Set<String> CROSS_ACCOUNT = actions("GetItem", "PutItem", "UpdateItem", "DeleteItem",
            "ConditionCheckItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "PartiQLSelect", "PartiQLInsert",
            "PartiQLUpdate", "PartiQLDelete", "DescribeTable", "UpdateTable", "DeleteTable", "TagResource",
            "UntagResource", "ListTagsOfResource", "DescribeStream", "GetShardIterator", "GetRecords");

    /**
     * The actions a table's policy decides for the table's own account only (an explicit Deny refuses the owner; no
     * Allow admits another account): the table's settings, backups taken of it and exports of it.
     */
    private static final Set<String> OWN_ACCOUNT = actions("CreateBackup", "DescribeContinuousBackups",
            "UpdateContinuousBackups", "RestoreTableToPointInTime", "ExportTableToPointInTime", "DescribeTimeToLive",
            "UpdateTimeToLive", "DescribeContributorInsights", "UpdateContributorInsights",
            "DescribeKinesisStreamingDestination", "EnableKinesisStreamingDestination",
            "DisableKinesisStreamingDestination", "UpdateKinesisStreamingDestination", "DescribeTableReplicaAutoScaling",
            "UpdateTableReplicaAutoScaling");

    private static Set<String> actions(String... names) {
        return Arrays.stream(names).map(n -> "dynamodb:" + n).collect(Collectors.toUnmodifiableSet());
    }

    private DynamoDbPolicies() {
    }

    /** Parses and checks a policy for the table or stream ARN it is to be attached to. */
    public static PolicyDocument checked(String text, String resourceArn) {
        return PolicyDocument.checked(text, RULES, resourceArn);
    }

    /** The stored policy of the resource, compiled once per text. */
    public static PolicyDocument of(String text, String resourceArn) {
        return PolicyDocument.compiled(text, RULES, resourceArn);
    }

    /**
     * Decides a request by the policy of the table or stream it acts on (null: none), as DynamoDB does: an explicit
     * Deny refuses anyone, the owner's account included; another account needs an Allow of each action it takes (a
     * transaction: each of its items), which only the actions DynamoDB lets another account take
     * ({@link #CROSS_ACCOUNT}) can have; the owner needs none, the suite having no IAM policies to grant it. An action
     * the policy does not decide (ListContributorInsights…) is the owner's alone. AccessDeniedException as DynamoDB
     * words it otherwise.
     */
    public static void admit(RequestContext ctx, boolean owner, String policy, String policyArn, List<RequestFacts> facts) {
        for (RequestFacts f : facts) {
            boolean decided = CROSS_ACCOUNT.contains(f.action()) || OWN_ACCOUNT.contains(f.action());
            PolicyDocument.Decision decision = policy == null || !decided ? PolicyDocument.Decision.NONE
                    : of(policy, policyArn).evaluate(f, false);
            boolean allowed = decision == PolicyDocument.Decision.ALLOW && CROSS_ACCOUNT.contains(f.action());
            if (decision == PolicyDocument.Decision.DENY || !owner && !allowed) {
                throw new AwsException("AccessDeniedException", 400, "User: arn:aws:iam::" + ctx.account()
                        + ":root is not authorized to perform: " + f.action() + " on resource: " + f.resource()
                        + (decision == PolicyDocument.Decision.DENY ? " with an explicit deny in a resource-based policy"
                        : " because no resource-based policy allows the " + f.action() + " action"));
            }
        }
    }
}
