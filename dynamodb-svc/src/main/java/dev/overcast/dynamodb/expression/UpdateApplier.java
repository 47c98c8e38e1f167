package dev.overcast.dynamodb.expression;

import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.value.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Applies an update expression to an item: every SET value is computed from the item as it was before the update,
 * then SET, REMOVE (list elements from the highest index down), ADD and DELETE are applied. A SET of a list element
 * past the end of the list appends; several such SETs append in the order of their indexes, after the other SETs.
 */
public final class UpdateApplier {

    private UpdateApplier() {
    }

    private static AwsException badOperand() {
        return DynamoDbErrors.validation("An operand in the update expression has an incorrect data type");
    }

    private static AwsException invalidPath() {
        return DynamoDbErrors.validation("The document path provided in the update expression is invalid for update");
    }

    public static Map<String, AttributeValue> apply(Expr.Update update, Map<String, AttributeValue> original) {
        Map<String, AttributeValue> before = original == null ? Map.of() : original;
        List<AttributeValue> setValues = new ArrayList<>();
        for (Expr.UpdateAction a : update.actions()) {
            setValues.add(a.clause().equals("SET") ? value(a.value(), before) : null);
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>(before);
        List<Path> removals = new ArrayList<>();
        List<Integer> appends = new ArrayList<>();
        for (int i = 0; i < update.actions().size(); i++) {
            Expr.UpdateAction a = update.actions().get(i);
            switch (a.clause()) {
                case "SET" -> {
                    if (pastTheEnd(before, a.path())) {
                        appends.add(i);
                    } else {
                        setAt(item, a.path(), setValues.get(i));
                    }
                }
                case "REMOVE" -> removals.add(a.path());
                case "ADD" -> setAt(item, a.path(), add(Evaluator.resolve(before, a.path()), ((Expr.Value) a.value()).value()));
                case "DELETE" -> {
                    AttributeValue current = Evaluator.resolve(before, a.path());
                    if (current != null) {
                        AttributeValue rest = delete(current, ((Expr.Value) a.value()).value());
                        if (rest == null) {
                            removals.add(a.path());
                        } else {
                            setAt(item, a.path(), rest);
                        }
                    }
                }
                default -> throw new IllegalStateException(a.clause());
            }
        }
        appends.sort((x, y) -> REVERSE_PATH_ORDER.compare(update.actions().get(y).path(), update.actions().get(x).path()));
        for (int i : appends) {
            setAt(item, update.actions().get(i).path(), setValues.get(i));
        }
        removals.sort(REVERSE_PATH_ORDER);
        for (Path p : removals) {
            removeAt(item, p);
        }
        return item;
    }

    /** Whether the path names a list element past the end of its list (a SET there appends). */
    private static boolean pastTheEnd(Map<String, AttributeValue> item, Path path) {
        if (!(path.get(path.size() - 1) instanceof Integer index)) {
            return false;
        }
        AttributeValue list = Evaluator.resolve(item, path.parent());
        return list != null && list.hasL() && index >= list.l().size();
    }

    private static final Comparator<Path> REVERSE_PATH_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x instanceof Integer xi && y instanceof Integer yi ? Integer.compare(xi, yi) : x.toString().compareTo(y.toString());
            if (c != 0) {
                return -c;
            }
        }
        return Integer.compare(b.size(), a.size());
    };

    /** A SET operand's value, computed against the item before the update. */
    static AttributeValue value(Expr e, Map<String, AttributeValue> item) {
        switch (e) {
            case Expr.Value v:
                return v.value();
            case Expr.PathRef p: {
                AttributeValue v = Evaluator.resolve(item, p.path());
                if (v == null) {
                    throw DynamoDbErrors.validation("The provided expression refers to an attribute that does not exist in the item");
                }
                return v;
            }
            case Expr.Arithmetic a: {
                AttributeValue l = value(a.left(), item);
                AttributeValue r = value(a.right(), item);
                if (l.n() == null || r.n() == null) {
                    throw badOperand();
                }
                BigDecimal x = new BigDecimal(l.n());
                BigDecimal y = new BigDecimal(r.n());
                return AttributeValue.fromN(Values.numberResult(a.op() == '+' ? x.add(y) : x.subtract(y)));
            }
            case Expr.Call c when c.name().equals("if_not_exists"): {
                AttributeValue v = Evaluator.resolve(item, ((Expr.PathRef) c.args().get(0)).path());
                return v != null ? v : value(c.args().get(1), item);
            }
            case Expr.Call c when c.name().equals("list_append"): {
                AttributeValue l = value(c.args().get(0), item);
                AttributeValue r = value(c.args().get(1), item);
                if (!l.hasL() || !r.hasL()) {
                    throw badOperand();
                }
                List<AttributeValue> out = new ArrayList<>(l.l());
                out.addAll(r.l());
                return AttributeValue.fromL(out);
            }
            default:
                throw new IllegalStateException("not a SET operand: " + e);
        }
    }

    private static AttributeValue add(AttributeValue current, AttributeValue v) {
        if (current == null) {
            return v;
        }
        if (current.type() != v.type()) {
            throw badOperand();
        }
        switch (v.type()) {
            case N:
                return AttributeValue.fromN(Values.numberResult(new BigDecimal(current.n()).add(new BigDecimal(v.n()))));
            case SS: {
                Set<String> s = new LinkedHashSet<>(current.ss());
                s.addAll(v.ss());
                return AttributeValue.fromSs(new ArrayList<>(s));
            }
            case NS: {
                List<String> out = new ArrayList<>(current.ns());
                for (String n : v.ns()) {
                    if (current.ns().stream().noneMatch(c -> new BigDecimal(c).compareTo(new BigDecimal(n)) == 0)) {
                        out.add(n);
                    }
                }
                return AttributeValue.fromNs(out);
            }
            case BS: {
                Set<SdkBytes> s = new LinkedHashSet<>(current.bs());
                s.addAll(v.bs());
                return AttributeValue.fromBs(new ArrayList<>(s));
            }
            default:
                throw badOperand();
        }
    }

    /** The set minus the given elements; null when nothing is left. */
    private static AttributeValue delete(AttributeValue current, AttributeValue v) {
        if (current.type() != v.type()) {
            throw badOperand();
        }
        AttributeValue out = switch (v.type()) {
            case SS -> {
                List<String> l = new ArrayList<>(current.ss());
                l.removeAll(v.ss());
                yield l.isEmpty() ? null : AttributeValue.fromSs(l);
            }
            case NS -> {
                List<String> l = new ArrayList<>(current.ns());
                l.removeIf(c -> v.ns().stream().anyMatch(n -> new BigDecimal(c).compareTo(new BigDecimal(n)) == 0));
                yield l.isEmpty() ? null : AttributeValue.fromNs(l);
            }
            case BS -> {
                List<SdkBytes> l = new ArrayList<>(current.bs());
                l.removeAll(v.bs());
                yield l.isEmpty() ? null : AttributeValue.fromBs(l);
            }
            default -> throw badOperand();
        };
        return out;
    }

    private static void setAt(Map<String, AttributeValue> item, Path path, AttributeValue value) {
        if (path.isTopLevel()) {
            item.put(path.head(), value);
            return;
        }
        AttributeValue top = item.get(path.head());
        if (top == null) {
            throw invalidPath();
        }
        item.put(path.head(), with(top, path, 1, value));
    }

    private static AttributeValue with(AttributeValue container, Path path, int depth, AttributeValue value) {
        Object step = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (step instanceof Integer index) {
            if (!container.hasL()) {
                throw invalidPath();
            }
            List<AttributeValue> l = new ArrayList<>(container.l());
            if (last) {
                if (index >= l.size()) {
                    l.add(value);
                } else {
                    l.set(index, value);
                }
            } else {
                if (index >= l.size()) {
                    throw invalidPath();
                }
                l.set(index, with(l.get(index), path, depth + 1, value));
            }
            return AttributeValue.fromL(l);
        }
        if (!container.hasM()) {
            throw invalidPath();
        }
        Map<String, AttributeValue> m = new LinkedHashMap<>(container.m());
        if (last) {
            m.put((String) step, value);
        } else {
            AttributeValue child = m.get(step);
            if (child == null) {
                throw invalidPath();
            }
            m.put((String) step, with(child, path, depth + 1, value));
        }
        return AttributeValue.fromM(m);
    }

    private static void removeAt(Map<String, AttributeValue> item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.head());
            return;
        }
        AttributeValue top = item.get(path.head());
        if (top != null) {
            AttributeValue updated = without(top, path, 1);
            if (updated != null) {
                item.put(path.head(), updated);
            }
        }
    }

    /** The container without the element at the path; null when the path does not exist (nothing to do). */
    private static AttributeValue without(AttributeValue container, Path path, int depth) {
        Object step = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (step instanceof Integer index) {
            if (!container.hasL() || index >= container.l().size()) {
                return null;
            }
            List<AttributeValue> l = new ArrayList<>(container.l());
            if (last) {
                l.remove((int) index);
            } else {
                AttributeValue child = without(l.get(index), path, depth + 1);
                if (child == null) {
                    return null;
                }
                l.set(index, child);
            }
            return AttributeValue.fromL(l);
        }
        if (!container.hasM() || !container.m().containsKey(step)) {
            return null;
        }
        Map<String, AttributeValue> m = new LinkedHashMap<>(container.m());
        if (last) {
            m.remove(step);
        } else {
            AttributeValue child = without(m.get(step), path, depth + 1);
            if (child == null) {
                return null;
            }
            m.put((String) step, child);
        }
        return AttributeValue.fromM(m);
    }
}
