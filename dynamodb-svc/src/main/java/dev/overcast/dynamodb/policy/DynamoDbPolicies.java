package dev.overcast.dynamodb.policy;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.common.policy.PolicyRules;
import dev.overcast.common.policy.RequestFacts;
import dev.overcast.dynamodb.DynamoDbErrors;
import java.util.List;

/**
 * Resource-based policies of tables and streams as DynamoDB checks them, evaluated by the suite's one evaluator
 * ({@link PolicyDocument}): actions {@code dynamodb:}, resources the table's or stream's ARN or under it (its indexes;
 * a statement without Resource means those), ValidationException when the document is not one.
 */
public final class DynamoDbPolicies {

    static final PolicyRules RULES = new PolicyRules("dynamodb", false,
            reason -> DynamoDbErrors.validation("Invalid policy document: " + reason));

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
     * transaction: each of its items); the owner needs none, the suite having no IAM policies to grant it.
     * AccessDeniedException as DynamoDB words it otherwise.
     */
    public static void admit(RequestContext ctx, boolean owner, String policy, String policyArn, List<RequestFacts> facts) {
        for (RequestFacts f : facts) {
            PolicyDocument.Decision decision = policy == null ? PolicyDocument.Decision.NONE
                    : of(policy, policyArn).evaluate(f, false);
            if (decision == PolicyDocument.Decision.DENY || !owner && decision != PolicyDocument.Decision.ALLOW) {
                throw new AwsException("AccessDeniedException", 400, "User: arn:aws:iam::" + ctx.account()
                        + ":root is not authorized to perform: " + f.action() + " on resource: " + f.resource()
                        + (decision == PolicyDocument.Decision.DENY ? " with an explicit deny in a resource-based policy"
                        : " because no resource-based policy allows the " + f.action() + " action"));
            }
        }
    }
}
