package dev.overcast.dynamodb.expression;

import java.util.List;

/** A document path: attribute names (String) and list indexes (Integer), the first element always a name. */
public record Path(List<Object> elements) {

    public String head() {
        return (String) elements.get(0);
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    public int size() {
        return elements.size();
    }

    public Object get(int i) {
        return elements.get(i);
    }

    /** The path of the document this path's last element is in (null for a top-level attribute). */
    public Path parent() {
        return isTopLevel() ? null : new Path(elements.subList(0, elements.size() - 1));
    }

    /** How DynamoDB prints a path in messages: {@code [a, b, [0]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Object e = elements.get(i);
            sb.append(e instanceof Integer n ? "[" + n + "]" : e);
        }
        return sb.append(']').toString();
    }
}
