package dev.overcast.s3.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A bucket policy compiled once per policy text (parsed, checked, wildcards turned into patterns), so that evaluating
 * it on a request costs no parsing: explicit Deny wins, then any Allow.
 */
public record PolicyDocument(List<Statement> statements) {

    private static final Map<String, PolicyDocument> COMPILED = new ConcurrentHashMap<>();

    /** The outcome of evaluating a policy on a request. */
    public enum Decision { ALLOW, DENY, NONE }

    /**
     * One statement.
     *
     * @param principals the accounts it names ({@code *} for everyone), or null for NotPrincipal-free statements that
     *                   name none (never in a valid bucket policy)
     * @param public_    whether it grants to everyone without a condition that narrows who
     */
    public record Statement(boolean allow, List<String> principals, boolean notActions, List<Pattern> actions,
                            boolean notResources, List<Pattern> resources, List<PolicyCondition> conditions,
                            boolean public_) {

        boolean matches(RequestFacts r) {
            if (!principals.contains("*") && (r.account() == null || !principals.contains(r.account()))) {
                return false;
            }
            if (any(actions, r.action()) == notActions) {
                return false;
            }
            if (any(resources, r.resource()) == notResources) {
                return false;
            }
            for (PolicyCondition c : conditions) {
                if (!c.holds(r)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean any(List<Pattern> patterns, String value) {
            for (Pattern p : patterns) {
                if (p.matcher(value).matches()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The bucket policy of this text, compiled once (the text was checked when it was stored). */
    public static PolicyDocument of(String text, String bucket) {
        return attachedTo(text, bucketArn(bucket));
    }

    /**
     * The policy of this text attached to the resource (a bucket's or an access point's ARN), compiled once;
     * {@code MalformedPolicy} when it does not parse or names resources not under that ARN.
     */
    public static PolicyDocument attachedTo(String text, String resourceArn) {
        PolicyDocument d = COMPILED.get(text);
        if (d == null) {
            if (COMPILED.size() > 10_000) {
                COMPILED.clear();
            }
            d = PolicyParser.parse(text, resourceArn);
            COMPILED.put(text, d);
        }
        return d;
    }

    /** Parses and checks a policy for the resource (never from the cache: the check depends on the resource). */
    public static PolicyDocument checked(String text, String resourceArn) {
        return PolicyParser.parse(text, resourceArn);
    }

    static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    /**
     * Deny when a Deny statement matches; else Allow when an Allow statement matches (statements granting everyone
     * ignored when {@code ignorePublic}: RestrictPublicBuckets); else None.
     */
    public Decision evaluate(RequestFacts request, boolean ignorePublic) {
        Decision decision = Decision.NONE;
        for (Statement s : statements) {
            if (!s.matches(request)) {
                continue;
            }
            if (!s.allow()) {
                return Decision.DENY;
            }
            if (!(ignorePublic && s.public_())) {
                decision = Decision.ALLOW;
            }
        }
        return decision;
    }

    /** Whether any statement grants to everyone without a narrowing condition (GetBucketPolicyStatus). */
    public boolean isPublic() {
        return statements.stream().anyMatch(s -> s.allow() && s.public_());
    }

    /** A policy wildcard ({@code *} any run, {@code ?} one character) as a pattern. */
    static Pattern wildcard(String text, boolean ignoreCase) {
        StringBuilder sb = new StringBuilder();
        for (String part : text.split("((?<=[*?])|(?=[*?]))")) {
            sb.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(sb.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }
}
