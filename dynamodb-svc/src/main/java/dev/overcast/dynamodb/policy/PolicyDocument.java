package dev.overcast.dynamodb.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A resource-based policy (IAM policy language) as DynamoDB evaluates it for a request from another account: its
 * statements' Effect, Principal ({@code "*"}, or {@code {"AWS": …}} with account ids or IAM ARNs of the account),
 * Action ({@code dynamodb:GetItem}, wildcards) and Resource (ARNs, wildcards); an explicit Deny wins over an Allow.
 * A statement with a Condition is not evaluated (this suite has no request context for conditions): it neither
 * allows nor denies.
 */
public final class PolicyDocument {

    /** What the policy says about a request. */
    public enum Decision { ALLOW, DENY, NONE }

    private record Statement(boolean allow, List<String> principals, List<String> actions, List<String> resources,
                             boolean conditional) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final List<Statement> statements;

    private PolicyDocument(List<Statement> statements) {
        this.statements = statements;
    }

    /** Parses a policy; IllegalArgumentException (with why) when it is not one. */
    public static PolicyDocument parse(String text) {
        Object tree;
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            tree = read(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the policy");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the policy is not valid JSON");
        }
        if (!(tree instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("the policy is not a JSON object");
        }
        Object version = root.get("Version");
        if (version != null && !"2012-10-17".equals(version) && !"2008-10-17".equals(version)) {
            throw new IllegalArgumentException("invalid Version " + version);
        }
        Object raw = root.get("Statement");
        if (raw == null) {
            throw new IllegalArgumentException("the policy has no Statement");
        }
        List<Statement> statements = new ArrayList<>();
        for (Object s : raw instanceof List<?> l ? l : List.of(raw)) {
            if (!(s instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("a Statement is not an object");
            }
            Object effect = m.get("Effect");
            if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
                throw new IllegalArgumentException("a Statement's Effect must be Allow or Deny");
            }
            if (m.get("Principal") == null || m.get("Action") == null) {
                throw new IllegalArgumentException("a Statement needs a Principal and an Action");
            }
            Object principal = m.get("Principal");
            List<String> principals = principal instanceof Map<?, ?> pm ? strings(pm.get("AWS")) : strings(principal);
            statements.add(new Statement("Allow".equals(effect), principals, strings(m.get("Action")),
                    m.get("Resource") == null ? List.of("*") : strings(m.get("Resource")), m.get("Condition") != null));
        }
        return new PolicyDocument(statements);
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object x : o instanceof List<?> l ? l : List.of(o)) {
            if (!(x instanceof String s)) {
                throw new IllegalArgumentException("expected a string or a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Object> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                m.put(name, read(p));
            }
            return m;
        }
        if (t == JsonToken.START_ARRAY) {
            List<Object> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                l.add(read(p));
            }
            return l;
        }
        if (t == null) {
            throw new IOException("empty");
        }
        return t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    /** What the policy decides for the caller's account doing the action (e.g. {@code dynamodb:GetItem}) on the resource. */
    public Decision evaluate(String account, String action, String resource) {
        Decision d = Decision.NONE;
        for (Statement s : statements) {
            if (s.conditional() || !principal(s.principals(), account) || !matchesAny(s.actions(), action, true)
                    || !matchesAny(s.resources(), resource, false)) {
                continue;
            }
            if (!s.allow()) {
                return Decision.DENY;
            }
            d = Decision.ALLOW;
        }
        return d;
    }

    private static boolean principal(List<String> principals, String account) {
        for (String p : principals) {
            if (p.equals("*") || p.equals(account) || p.startsWith("arn:aws:iam::" + account + ":")) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(List<String> patterns, String value, boolean caseInsensitive) {
        for (String p : patterns) {
            String regex = Pattern.quote(p).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }
}
