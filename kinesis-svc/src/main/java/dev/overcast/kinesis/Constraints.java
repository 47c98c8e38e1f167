package dev.overcast.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The API model's member constraints (botocore kinesis/2013-12-02: lengths, ranges, patterns), checked before an
 * action runs; every violation is collected into one ValidationException as AWS writes it.
 */
public final class Constraints {

    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
    private static final Pattern CONSUMER_ARN =
            Pattern.compile("^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+");
    private static final Pattern HASH_KEY = Pattern.compile("0|([1-9]\\d{0,38})");
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("0|([1-9]\\d{0,128})");

    private final List<String> violations = new ArrayList<>();

    public static Constraints check() {
        return new Constraints();
    }

    /** StreamName: 1–128 characters of [a-zA-Z0-9_.-]. */
    public Constraints streamName(String value, String member) {
        return name(value, member, 128);
    }

    /** ShardId: 1–128 characters of [a-zA-Z0-9_.-]. */
    public Constraints shardId(String value, String member) {
        return name(value, member, 128);
    }

    /** ConsumerName: 1–128 characters of [a-zA-Z0-9_.-]. */
    public Constraints consumerName(String value, String member) {
        return name(value, member, 128);
    }

    public Constraints consumerArn(String value, String member) {
        if (value == null) {
            return this;
        }
        length(value, member, 1, 2048);
        return pattern(value, member, CONSUMER_ARN);
    }

    private Constraints name(String value, String member, int max) {
        if (value == null) {
            return this;
        }
        length(value, member, 1, max);
        if (!NAME.matcher(value).matches()) {
            violations.add(KinesisErrors.violation(value, member,
                    "Member must satisfy regular expression pattern: " + NAME.pattern()));
        }
        return this;
    }

    public Constraints streamArn(String value, String member) {
        if (value == null) {
            return this;
        }
        length(value, member, 1, 2048);
        return pattern(value, member, STREAM_ARN);
    }

    public Constraints hashKey(String value, String member) {
        return value == null ? this : pattern(value, member, HASH_KEY);
    }

    public Constraints sequenceNumber(String value, String member) {
        return value == null ? this : pattern(value, member, SEQUENCE_NUMBER);
    }

    public Constraints length(String value, String member, int min, int max) {
        if (value == null) {
            return this;
        }
        int n = value.codePointCount(0, value.length());
        if (n < min) {
            violations.add(KinesisErrors.violation(value, member, "Member must have length greater than or equal to " + min));
        } else if (n > max) {
            violations.add(KinesisErrors.violation(value, member, "Member must have length less than or equal to " + max));
        }
        return this;
    }

    public Constraints range(Integer value, String member, int min, int max) {
        if (value == null) {
            return this;
        }
        if (value < min) {
            violations.add(KinesisErrors.violation(value, member, "Member must have value greater than or equal to " + min));
        } else if (value > max) {
            violations.add(KinesisErrors.violation(value, member, "Member must have value less than or equal to " + max));
        }
        return this;
    }

    public Constraints required(Object value, String member) {
        if (value == null) {
            violations.add(KinesisErrors.violation(null, member, "Member must not be null"));
        }
        return this;
    }

    /** An enum member whose value the SDK did not know. */
    public Constraints enumValue(String value, boolean known, String member, String values) {
        if (value != null && !known) {
            violations.add(KinesisErrors.violation(value, member, "Member must satisfy enum value set: " + values));
        }
        return this;
    }

    /** A member's own pattern, when it has no method here. */
    public Constraints matches(String value, String member, Pattern p) {
        return value == null ? this : pattern(value, member, p);
    }

    private Constraints pattern(String value, String member, Pattern p) {
        if (!p.matcher(value).matches()) {
            violations.add(KinesisErrors.violation(value, member, "Member must satisfy regular expression pattern: " + p.pattern()));
        }
        return this;
    }

    /** Adds a clause of its own. */
    public Constraints add(String violation) {
        violations.add(violation);
        return this;
    }

    /** Throws the collected violations, if any. */
    public void done() {
        if (!violations.isEmpty()) {
            throw KinesisErrors.validation(violations);
        }
    }
}
