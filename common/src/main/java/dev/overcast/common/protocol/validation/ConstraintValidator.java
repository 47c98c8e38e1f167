package dev.overcast.common.protocol.validation;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.validation.ConstraintTable.ShapeRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Checks a decoded request against its API model's constraints before the handler sees it, as AWS's front end
 * does: every violation (a required member missing; a length, range, pattern or enum not met) in one
 * ValidationException, "N validation errors detected: Value '…' at '…' failed to satisfy constraint: …; …".
 * Members are named by path as AWS names them: {@code keySchema.1.member.attributeName},
 * {@code requestItems.Music.member.keys}. An API without a constraint table is not checked.
 */
public final class ConstraintValidator {

    private static final Map<String, Optional<ConstraintValidator>> BY_API = new ConcurrentHashMap<>();

    private final ConstraintTable table;
    /** Per model class, its members the table constrains (a class is always the same model shape). */
    private final Map<Class<?>, List<Member>> constrained = new ConcurrentHashMap<>();

    private ConstraintValidator(ConstraintTable table) {
        this.table = table;
    }

    /** Throws the ValidationException listing every violation of the request, if any. */
    public static void check(AwsApiDescriptor api, String operation, SdkPojo request) {
        Optional<ConstraintValidator> validator = BY_API.computeIfAbsent(api.id(),
                id -> Optional.ofNullable(ConstraintTable.load(id)).map(ConstraintValidator::new));
        if (validator.isPresent()) {
            List<String> violations = validator.get().violations(operation, request);
            if (!violations.isEmpty()) {
                throw CommonErrors.validation(violations);
            }
        }
    }



    /**
     * Where a value is, as AWS names it ({@code transactItems.2.member.update.key}); spelt out only for a violation,
     * so that walking a large item costs no text.
     */
    private record At(At parent, Object step) {

        At member(String model) {
            return new At(this, Character.toLowerCase(model.charAt(0)) + model.substring(1));
        }

        /** An element of a list (from 1) or the value of a map's key. */
        At entry(Object indexOrKey) {
            return new At(new At(this, indexOrKey), "member");
        }

        @Override
        public String toString() {
            return parent == null || parent.step == null ? String.valueOf(step) : parent + "." + step;
        }
    }

    private static final At ROOT = new At(null, null);

    List<String> violations(String operation, SdkPojo request) {
        List<String> out = new ArrayList<>();
        ShapeRule input = table.input(operation);
        if (input != null) {
            structure(input, request, ROOT, out);
        }
        return out;
    }

    private void structure(ShapeRule rule, SdkPojo pojo, At path, List<String> out) {
        List<Member> members = constrained.computeIfAbsent(pojo.getClass(), c -> Shape.of(c).members().stream()
                .filter(m -> rule.members().containsKey(m.memberName())).toList());
        for (Member m : members) {
            String model = m.memberName();
            Object v = m.get(pojo);
            At at = path.member(model);
            if (v == null) {
                if (rule.required().contains(model)) {
                    out.add(violation(null, at, "Member must not be null"));
                }
            } else {
                value(table.shape(rule.members().get(model)), v, at, out);
            }
        }
    }

    private void value(ShapeRule rule, Object v, At at, List<String> out) {
        if (rule == null) {
            return;
        }
        if (fails(rule, v)) {
            own(rule, v).forEach(c -> out.add(violation(v, at, c)));
        }
        switch (v) {
            case SdkPojo pojo -> structure(rule, pojo, at, out);
            case List<?> list -> list(table.shape(rule.member()), list, at, out);
            case Map<?, ?> map -> map(rule, map, at, out);
            default -> { }
        }
    }

    /**
     * A list: scalar elements checked together, as coral reports them ("Member must satisfy constraint: […]" at the
     * list, with every constraint of the element shape), structures and lists element by element under
     * {@code list.N.member}.
     */
    private void list(ShapeRule element, List<?> list, At at, List<String> out) {
        if (element == null) {
            return;
        }
        if (!element.type().equals("structure") && !element.type().equals("list") && !element.type().equals("map")) {
            if (anyFails(element, list)) {
                out.add(violation(list, at, "Member must satisfy constraint: [" + String.join(", ", all(element)) + "]"));
            }
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            value(element, list.get(i), at.entry(i + 1), out);
        }
    }

    /**
     * A map: its keys checked together ("Map keys must satisfy constraint: […]"), scalar and list values likewise
     * ("Map value must satisfy constraint: […]"), structure values member by member under {@code map.key.member}.
     */
    private void map(ShapeRule rule, Map<?, ?> map, At at, List<String> out) {
        ShapeRule key = table.shape(rule.key());
        if (key != null && anyFails(key, map.keySet())) {
            out.add(violation(map, at, "Map keys must satisfy constraint: [" + String.join(", ", all(key)) + "]"));
        }
        ShapeRule value = table.shape(rule.value());
        if (value == null) {
            return;
        }
        if (!value.type().equals("structure") && anyFails(value, map.values())) {
            out.add(violation(map, at, "Map value must satisfy constraint: [" + String.join(", ", all(value)) + "]"));
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            At entry = at.entry(e.getKey());
            switch (e.getValue()) {
                case SdkPojo pojo -> structure(value, pojo, entry, out);
                case List<?> list -> list(table.shape(value.member()), list, entry, out);
                default -> { }
            }
        }
    }

    private static boolean anyFails(ShapeRule rule, java.util.Collection<?> values) {
        for (Object v : values) {
            if (fails(rule, v)) {
                return true;
            }
        }
        return false;
    }

    /** A string's length, a blob's, a list's or a map's size; -1 for anything else. */
    private static long size(Object v) {
        return switch (v) {
            case String s -> s.length();
            case SdkBytes b -> b.asByteBuffer().remaining();
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            default -> -1;
        };
    }

    /** Whether the value fails any of the shape's own constraints (without saying which: the common case is none). */
    private static boolean fails(ShapeRule rule, Object v) {
        long size = size(v);
        if (size >= 0) {
            if (rule.max() != null && size > rule.max() || rule.min() != null && size < rule.min()) {
                return true;
            }
        } else if (v instanceof Number n && rule.isNumeric()) {
            double d = n.doubleValue();
            if (rule.max() != null && d > rule.max() || rule.min() != null && d < rule.min()) {
                return true;
            }
        }
        return v instanceof String s && (rule.pattern() != null && !rule.pattern().matcher(s).matches()
                || !rule.enumValues().isEmpty() && !rule.enumValues().contains(s));
    }

    /** The shape's own constraints the value fails, in the words AWS uses. */
    private static List<String> own(ShapeRule rule, Object v) {
        List<String> failed = new ArrayList<>(1);
        long size = size(v);
        if (size >= 0) {
            if (rule.max() != null && size > rule.max()) {
                failed.add(maxLength(rule));
            }
            if (rule.min() != null && size < rule.min()) {
                failed.add(minLength(rule));
            }
        } else if (v instanceof Number n && rule.isNumeric()) {
            if (rule.max() != null && n.doubleValue() > rule.max()) {
                failed.add("Member must have value less than or equal to " + rule.max());
            }
            if (rule.min() != null && n.doubleValue() < rule.min()) {
                failed.add("Member must have value greater than or equal to " + rule.min());
            }
        }
        if (v instanceof String s) {
            if (rule.pattern() != null && !rule.pattern().matcher(s).matches()) {
                failed.add(pattern(rule));
            }
            if (!rule.enumValues().isEmpty() && !rule.enumValues().contains(s)) {
                failed.add(enumeration(rule));
            }
        }
        return failed;
    }

    /** Every constraint of a shape, as a map's keys or values are reported. */
    private static List<String> all(ShapeRule rule) {
        List<String> all = new ArrayList<>();
        if (rule.max() != null) {
            all.add(maxLength(rule));
        }
        if (rule.min() != null) {
            all.add(minLength(rule));
        }
        if (rule.pattern() != null) {
            all.add(pattern(rule));
        }
        if (!rule.enumValues().isEmpty()) {
            all.add(enumeration(rule));
        }
        return all;
    }

    private static String maxLength(ShapeRule rule) {
        return "Member must have length less than or equal to " + rule.max();
    }

    private static String minLength(ShapeRule rule) {
        return "Member must have length greater than or equal to " + rule.min();
    }

    private static String pattern(ShapeRule rule) {
        return "Member must satisfy regular expression pattern: " + rule.patternText();
    }

    private static String enumeration(ShapeRule rule) {
        return "Member must satisfy enum value set: [" + String.join(", ", rule.enumValues()) + "]";
    }

    private static String violation(Object value, At at, String constraint) {
        return "Value " + (value == null ? "null" : "'" + render(value) + "'") + " at '" + at
                + "' failed to satisfy constraint: " + constraint;
    }

    private static String render(Object value) {
        return switch (value) {
            case List<?> l -> l.stream().map(ConstraintValidator::render).collect(Collectors.joining(", ", "[", "]"));
            case Map<?, ?> m -> m.entrySet().stream().map(e -> e.getKey() + "=" + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            // a blob as coral prints the ByteBuffer it holds
            case SdkBytes b -> "java.nio.HeapByteBuffer[pos=0 lim=" + size(b) + " cap=" + size(b) + "]";
            default -> String.valueOf(value);
        };
    }
}
