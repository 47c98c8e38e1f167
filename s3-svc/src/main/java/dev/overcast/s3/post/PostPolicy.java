package dev.overcast.s3.post;

import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy document of a browser POST: an expiration and conditions every form field must meet ({@code eq},
 * {@code starts-with}, {@code {"field": "value"}}, {@code content-length-range}). Field names compare
 * case-insensitively; every form field but the exempt ones needs a condition.
 */
final class PostPolicy {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Form fields a policy need not mention. */
    private static final Set<String> EXEMPT = Set.of("policy", "x-amz-signature", "file", "awsaccesskeyid", "signature");

    /** One condition: its operator, lower-case field name (without {@code $}), value, and how S3 quotes it back. */
    private record Condition(String op, String field, String value, String text) {
    }

    private final Instant expiration;
    private final List<Condition> conditions;
    private final Long minLength;
    private final Long maxLength;

    private PostPolicy(Instant expiration, List<Condition> conditions, Long minLength, Long maxLength) {
        this.expiration = expiration;
        this.conditions = conditions;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    static PostPolicy parse(String base64) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw invalidPolicy("Invalid Policy: Invalid Base64 Encoding.");
        } catch (JacksonException e) {
            throw invalidPolicy("Invalid Policy: Invalid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw invalidPolicy("Invalid Policy: Invalid JSON.");
        }
        JsonNode exp = root.get("expiration");
        if (exp == null) {
            throw invalidPolicy("Invalid Policy: Policy missing expiration.");
        }
        Instant expiration;
        try {
            expiration = OffsetDateTime.parse(exp.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalidPolicy("Invalid Policy: Invalid 'expiration' value: '" + exp.asString() + "'");
        }
        JsonNode list = root.get("conditions");
        if (list == null || !list.isArray()) {
            throw invalidPolicy("Invalid Policy: Policy missing conditions.");
        }
        List<Condition> conditions = new ArrayList<>();
        Long min = null;
        Long max = null;
        for (JsonNode c : list) {
            if (c.isObject()) {
                if (c.size() != 1) {
                    throw invalidPolicy("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.");
                }
                Map.Entry<String, JsonNode> e = c.properties().iterator().next();
                String field = e.getKey().toLowerCase(Locale.ROOT);
                conditions.add(new Condition("eq", field, e.getValue().asString(),
                        "[\"eq\", \"$" + e.getKey() + "\", \"" + e.getValue().asString() + "\"]"));
            } else if (c.isArray() && c.size() == 3) {
                String op = c.get(0).asString().toLowerCase(Locale.ROOT);
                if (op.equals("content-length-range")) {
                    if (!c.get(1).canConvertToLong() || !c.get(2).canConvertToLong()) {
                        throw invalidPolicy("Invalid Policy: Invalid content-length-range condition: " + c);
                    }
                    min = c.get(1).asLong();
                    max = c.get(2).asLong();
                    continue;
                }
                String name = c.get(1).asString();
                if (!op.equals("eq") && !op.equals("starts-with") || !name.startsWith("$")) {
                    throw invalidPolicy("Invalid Policy: Invalid Condition: " + c);
                }
                conditions.add(new Condition(op, name.substring(1).toLowerCase(Locale.ROOT), c.get(2).asString(),
                        "[\"" + c.get(0).asString() + "\", \"" + name + "\", \"" + c.get(2).asString() + "\"]"));
            } else {
                throw invalidPolicy("Invalid Policy: Invalid Condition: " + c);
            }
        }
        return new PostPolicy(expiration, conditions, min, max);
    }

    /**
     * Checks expiry and every condition against the fields (lower-case names; {@code bucket} is the request's
     * bucket), and that no field goes unmentioned.
     */
    void check(Map<String, String> fields, String bucket, Instant now) {
        if (!now.isBefore(expiration)) {
            throw denied("Invalid according to Policy: Policy expired.");
        }
        Set<String> mentioned = new HashSet<>();
        for (Condition c : conditions) {
            mentioned.add(c.field());
            String actual = c.field().equals("bucket") ? bucket : fields.getOrDefault(c.field(), "");
            boolean ok = c.op().equals("eq") ? actual.equals(c.value()) : actual.startsWith(c.value());
            if (!ok) {
                throw denied("Invalid according to Policy: Policy Condition failed: " + c.text());
            }
        }
        for (String field : fields.keySet()) {
            if (!EXEMPT.contains(field) && !field.startsWith("x-ignore-") && !mentioned.contains(field)) {
                throw denied("Invalid according to Policy: Extra input fields: " + field);
            }
        }
    }

    Long minLength() {
        return minLength;
    }

    Long maxLength() {
        return maxLength;
    }

    static AwsException denied(String message) {
        return new AwsException("AccessDenied", 403, message);
    }

    private static AwsException invalidPolicy(String message) {
        return new AwsException("InvalidPolicyDocument", 400, message);
    }

    static AwsException malformed() {
        return new AwsException("MalformedPOSTRequest", 400,
                "The body of your POST request is not well-formed multipart/form-data.");
    }

    static AwsException tooLarge(long size, long max) {
        return new AwsException("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
                .with("ProposedSize", Long.toString(size)).with("MaxSizeAllowed", Long.toString(max));
    }

    static AwsException tooSmall(long size, long min) {
        return new AwsException("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size")
                .with("ProposedSize", Long.toString(size)).with("MinSizeAllowed", Long.toString(min));
    }

    static AwsException missingField(String name) {
        return S3Errors.invalidArgument("Bucket POST must contain a field named '" + name
                + "'.  If it is specified, please check the order of the fields.", name, "");
    }
}
