package dev.overcast.common.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resource-based policy (an S3 bucket's or access point's, a DynamoDB table's or stream's) compiled once per policy
 * text (parsed, checked, wildcards turned into patterns), so that evaluating it on a request costs no parsing:
 * explicit Deny wins, then any Allow. One evaluator for every service of the suite; each says what it checks of a
 * policy in its {@link PolicyRules} and what a request is in its {@link RequestFacts}.
 */
public record PolicyDocument(List<Statement> statements) {

    private static final Map<CompiledKey, PolicyDocument> COMPILED = new ConcurrentHashMap<>();

    /** The outcome of evaluating a policy on a request. */
    public enum Decision { ALLOW, DENY, NONE }

    /**
     * One statement.
     *
     * @param principals the accounts it names ({@code *} for everyone), or null for NotPrincipal-free statements that
     *                   name none (never in a valid bucket policy)
     * @param public_    whether it grants to everyone without a condition that narrows who
     */
    public record Statement(boolean allow, List<String> principals, boolean notActions, List<Wildcard> actions,
                            boolean notResources, List<Wildcard> resources, List<PolicyCondition> conditions,
                            boolean public_) {

        public boolean matches(RequestFacts r) {
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

        private static boolean any(List<Wildcard> patterns, String value) {
            for (Wildcard p : patterns) {
                if (p.matches(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The policy of this text attached to the resource ARN, compiled once (the text was checked by
     * {@link #checked} when it was stored); the service's malformed-policy error when it does not parse.
     */
    public static PolicyDocument compiled(String text, PolicyRules rules, String resourceArn) {
        // the resource and the service's rules are part of what is compiled (a statement without Resource means the
        // policy's own resource), so two resources with the same text never share a compiled policy
        CompiledKey key = new CompiledKey(text, rules, resourceArn);
        PolicyDocument d = COMPILED.get(key);
        if (d == null) {
            if (COMPILED.size() > 10_000) {
                COMPILED.clear();
            }
            d = PolicyParser.parse(text, rules, resourceArn);
            COMPILED.put(key, d);
        }
        return d;
    }

    private record CompiledKey(String text, PolicyRules rules, String resourceArn) {
    }

    /**
     * Parses and checks a policy for the resource it is to be attached to (never from the cache: the check depends on
     * the resource): its resources must be that ARN, under it, or a wildcard matching it.
     */
    public static PolicyDocument checked(String text, PolicyRules rules, String resourceArn) {
        return PolicyParser.parse(text, rules, resourceArn);
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

    /**
     * Whether a Deny statement matches: all a request by the resource's owner needs to know, since the owner needs no
     * Allow (the Allow statements are not evaluated).
     */
    public boolean denies(RequestFacts request) {
        for (Statement s : statements) {
            if (!s.allow() && s.matches(request)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a condition of some statement names a key that starts with the prefix (any case), so that the caller
     * gathers the facts such keys need (an object's tags, the time) only for the policies that use them.
     */
    public boolean namesKey(String prefix) {
        for (Statement s : statements) {
            for (PolicyCondition c : s.conditions()) {
                if (c.key().regionMatches(true, 0, prefix, 0, prefix.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any statement grants to everyone without a narrowing condition (GetBucketPolicyStatus). */
    public boolean isPublic() {
        return statements.stream().anyMatch(s -> s.allow() && s.public_());
    }

    /** A policy wildcard ({@code *} any run, {@code ?} one character). */
    public static Wildcard wildcard(String text, boolean ignoreCase) {
        return new Wildcard(text, ignoreCase);
    }
}
