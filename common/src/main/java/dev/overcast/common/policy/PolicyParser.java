package dev.overcast.common.policy;

import dev.overcast.common.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses and checks a resource-based policy, answering the service's malformed-policy error ({@link PolicyRules}) with
 * S3's reasons: its actions must be the service's, its resources the ARN it is attached to
 * ({@code arn:aws:s3:::<bucket>}, {@code arn:aws:dynamodb:<region>:<account>:table/<name>}) or under it.
 */
final class PolicyParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ACCOUNT_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):.+");
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    static final int MAX_SIZE = 20 * 1024;

    private PolicyParser() {
    }

    static PolicyDocument parse(String text, PolicyRules rules, String resourceArn) {
        if (text == null || !text.stripLeading().startsWith("{")) {
            throw rules.malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        if (text.length() > MAX_SIZE) {
            throw rules.malformed("Policies must be less than 20 KB");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw rules.malformed("Policies must be valid JSON and the first byte must be '{'");
        }
        if (root.get("Version") != null && !VERSIONS.contains(root.get("Version").asString())) {
            throw rules.malformed("The policy must contain a valid version string");
        }
        JsonNode statements = root.get("Statement");
        if (statements == null) {
            throw rules.malformed("Missing required field Statement");
        }
        List<PolicyDocument.Statement> compiled = new ArrayList<>();
        for (JsonNode s : statements.isArray() ? statements.values() : List.of(statements)) {
            compiled.add(statement(s, rules, resourceArn));
        }
        if (compiled.isEmpty()) {
            throw rules.malformed("Could not parse the policy: Statement is empty!");
        }
        return new PolicyDocument(List.copyOf(compiled));
    }

    private static PolicyDocument.Statement statement(JsonNode s, PolicyRules rules, String arn) {
        if (!s.isObject()) {
            throw rules.malformed("Statement is not well-formed");
        }
        String effect = s.get("Effect") == null ? null : s.get("Effect").asString();
        if (effect == null) {
            throw rules.malformed("Missing required field Effect");
        }
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw rules.malformed("Invalid effect: " + effect);
        }
        if (s.get("Principal") == null) {
            throw rules.malformed(s.get("NotPrincipal") != null ? "Policy has an unsupported element: NotPrincipal"
                    : "Missing required field Principal");
        }
        List<String> principals = principals(s.get("Principal"), rules);
        boolean notActions = s.get("Action") == null && s.get("NotAction") != null;
        List<String> actions = strings(notActions ? s.get("NotAction") : s.get("Action"));
        if (actions.isEmpty()) {
            throw rules.malformed("Missing required field Action");
        }
        for (String a : actions) {
            if (!a.equals("*") && !a.toLowerCase(java.util.Locale.ROOT).startsWith(rules.service() + ":")) {
                throw rules.malformed("Policy has invalid action");
            }
        }
        boolean notResources = s.get("Resource") == null && s.get("NotResource") != null;
        List<String> resources = strings(notResources ? s.get("NotResource") : s.get("Resource"));
        if (resources.isEmpty() && !rules.resourceRequired()) {
            resources = List.of(arn, arn + "/*"); // the resource it is attached to, and what is under it
        }
        if (resources.isEmpty()) {
            throw rules.malformed("Missing required field Resource");
        }
        for (String r : resources) {
            if (!r.equals(arn) && !r.startsWith(arn + "/")
                    && !(r.contains("*") && PolicyDocument.wildcard(r, false).matches(arn))) {
                throw rules.malformed("Policy has invalid resource");
            }
        }
        List<PolicyCondition> conditions = new ArrayList<>();
        JsonNode condition = s.get("Condition");
        if (condition != null) {
            for (Map.Entry<String, JsonNode> op : condition.properties()) {
                for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                    conditions.add(PolicyCondition.of(op.getKey(), key.getKey(), strings(key.getValue()), rules));
                }
            }
        }
        boolean isPublic = principals.contains("*") && conditions.stream().noneMatch(PolicyCondition::narrowsPrincipal);
        return new PolicyDocument.Statement(effect.equals("Allow"), principals, notActions,
                actions.stream().map(a -> PolicyDocument.wildcard(a, true)).toList(), notResources,
                resources.stream().map(r -> PolicyDocument.wildcard(r, false)).toList(), List.copyOf(conditions),
                isPublic);
    }

    /**
     * The accounts a Principal names: {@code "*"}, {@code {"AWS": "*"}}, account ids, IAM ARNs of an account (the
     * suite's credentials name accounts, so an ARN stands for its account); other principal kinds are refused.
     */
    private static List<String> principals(JsonNode p, PolicyRules rules) {
        if (p.isString()) {
            if (!p.asString().equals("*")) {
                throw rules.malformed("Invalid principal in policy");
            }
            return List.of("*");
        }
        if (!p.isObject()) {
            throw rules.malformed("Invalid principal in policy");
        }
        List<String> accounts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (e.getKey().equals("Service") || e.getKey().equals("CanonicalUser")) {
                accounts.add(e.getKey() + ":" + String.join(",", strings(e.getValue()))); // never a request's account
                continue;
            }
            if (!e.getKey().equals("AWS")) {
                throw rules.malformed("Invalid principal in policy");
            }
            for (String v : strings(e.getValue())) {
                Matcher arn = ACCOUNT_ARN.matcher(v);
                if (v.equals("*") || ACCOUNT.matcher(v).matches()) {
                    accounts.add(v);
                } else if (arn.matches()) {
                    accounts.add(arn.group(1));
                } else {
                    throw rules.malformed("Invalid principal in policy");
                }
            }
        }
        return List.copyOf(accounts);
    }

    private static List<String> strings(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.values().forEach(v -> out.add(v.asString()));
            return out;
        }
        return List.of(node.asString());
    }
}
