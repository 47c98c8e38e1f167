package dev.overcast.dynamodb.policy;

import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.common.policy.PolicyRules;
import dev.overcast.dynamodb.DynamoDbErrors;

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
}
