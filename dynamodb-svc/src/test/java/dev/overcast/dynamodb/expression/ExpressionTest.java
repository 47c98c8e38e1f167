package dev.overcast.dynamodb.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The expression grammar, feature by feature, evaluated without a server. */
class ExpressionTest {

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static final Map<String, AttributeValue> ITEM = Map.of(
            "name", s("widget"),
            "price", n("10.50"),
            "tags", AttributeValue.fromSs(List.of("red", "blue")),
            "dims", AttributeValue.fromM(Map.of("w", n("3"), "h", n("4"), "labels", AttributeValue.fromL(List.of(s("a"), s("b"))))),
            "parts", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("id", n("1"))), AttributeValue.fromM(Map.of("id", n("2"))))),
            "bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})),
            "flag", AttributeValue.fromBool(true),
            "nothing", AttributeValue.fromNul(true));

    private static boolean eval(String expression, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        names.put("#n", "name");
        Placeholders ph = new Placeholders(names, values, true, !values.isEmpty());
        Expr e = ExpressionParser.condition(ExpressionParser.Kind.CONDITION, expression + " OR #n = #n AND #n <> #n", ph);
        return Evaluator.matches(e, ITEM);
    }

    @Test
    void comparatorsCompareNumbersNumericallyAndStringsByBytes() {
        assertThat(eval("price = :v", Map.of(":v", n("10.5")))).isTrue();
        assertThat(eval("price < :v", Map.of(":v", n("9")))).isFalse();
        assertThat(eval("price >= :v", Map.of(":v", n("10.50")))).isTrue();
        assertThat(eval("#n > :v", Map.of(":v", s("Widget")))).isTrue();
        assertThat(eval("#n <> :v", Map.of(":v", s("widget")))).isFalse();
        assertThat(eval("absent <> :v", Map.of(":v", s("x")))).isTrue();
        assertThat(eval("price = :v", Map.of(":v", s("10.5")))).isFalse();
    }

    @Test
    void betweenInAndPrecedence() {
        assertThat(eval("price BETWEEN :a AND :b", Map.of(":a", n("10"), ":b", n("11")))).isTrue();
        assertThat(eval("#n IN (:a, :b)", Map.of(":a", s("x"), ":b", s("widget")))).isTrue();
        // AND binds tighter than OR; NOT tighter than AND
        assertThat(eval("price = :x OR price = :p AND flag = :t", Map.of(":x", n("1"), ":p", n("10.5"), ":t", AttributeValue.fromBool(true)))).isTrue();
        assertThat(eval("(price = :x OR price = :p) AND flag = :f", Map.of(":x", n("1"), ":p", n("10.5"), ":f", AttributeValue.fromBool(false)))).isFalse();
        assertThat(eval("NOT price = :x AND flag = :t", Map.of(":x", n("1"), ":t", AttributeValue.fromBool(true)))).isTrue();
        assertThat(eval("NOT (price = :p AND flag = :t)", Map.of(":p", n("10.5"), ":t", AttributeValue.fromBool(true)))).isFalse();
    }

    @Test
    void functionsAndNestedPaths() {
        assertThat(eval("attribute_exists(dims.labels[1]) AND attribute_not_exists(dims.labels[2])", Map.of())).isTrue();
        assertThat(eval("attribute_type(nothing, :t)", Map.of(":t", s("NULL")))).isTrue();
        assertThat(eval("begins_with(#n, :p)", Map.of(":p", s("wid")))).isTrue();
        assertThat(eval("begins_with(bin, :p)", Map.of(":p", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2}))))).isTrue();
        assertThat(eval("contains(tags, :c)", Map.of(":c", s("red")))).isTrue();
        assertThat(eval("contains(#n, :c)", Map.of(":c", s("dge")))).isTrue();
        assertThat(eval("contains(dims.labels, :c)", Map.of(":c", s("b")))).isTrue();
        assertThat(eval("size(tags) = :two AND size(#n) = :six AND size(dims) = :three", Map.of(":two", n("2"), ":six", n("6"), ":three", n("3")))).isTrue();
        assertThat(eval("parts[1].id = :v", Map.of(":v", n("2")))).isTrue();
        assertThat(eval("dims.w < dims.h", Map.of())).isTrue();
    }

    @Test
    void updateClauses() {
        Map<String, AttributeValue> values = Map.of(":one", n("1"), ":l", AttributeValue.fromL(List.of(s("c"))),
                ":green", AttributeValue.fromSs(List.of("green")), ":red", AttributeValue.fromSs(List.of("red")), ":x", s("x"));
        Placeholders ph = new Placeholders(Map.of(), values, false, true);
        Expr.Update u = ExpressionParser.update("SET price = price + :one, dims.labels = list_append(:l, dims.labels), parts[5] = :x, "
                + "fresh = if_not_exists(fresh, :one) REMOVE parts[0], flag ADD colors :green, hits :one DELETE tags :red", ph);
        ph.requireAllUsed(true);
        Map<String, AttributeValue> out = UpdateApplier.apply(u, ITEM);
        assertThat(out.get("price")).isEqualTo(n("11.5"));
        assertThat(out.get("dims").m().get("labels").l()).containsExactly(s("c"), s("a"), s("b"));
        assertThat(out.get("parts").l()).hasSize(2).last().isEqualTo(s("x"));
        assertThat(out.get("fresh")).isEqualTo(n("1"));
        assertThat(out).doesNotContainKey("flag");
        assertThat(out.get("tags").ss()).containsExactly("blue");
        assertThat(out.get("colors").ss()).containsExactly("green");
        assertThat(out.get("hits")).isEqualTo(n("1"));
    }

    @Test
    void syntaxAndValidationErrors() {
        assertThatThrownBy(() -> eval("price = :v AND", Map.of(":v", n("1"))))
                .isInstanceOf(AwsException.class).hasMessageContaining("Syntax error; token:");
        assertThatThrownBy(() -> ExpressionParser.update("SET a = :v, a = :v", new Placeholders(Map.of(), Map.of(":v", n("1")), false, true)))
                .hasMessage("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
        assertThatThrownBy(() -> ExpressionParser.update("SET a = size(b)", new Placeholders(Map.of(), Map.of(), false, false)))
                .hasMessage("Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
        assertThatThrownBy(() -> ExpressionParser.projection("a, a.b", new Placeholders(Map.of(), Map.of(), false, false)))
                .hasMessage("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
        assertThatThrownBy(() -> new Placeholders(Map.of(), Map.of(), true, false))
                .hasMessage("ExpressionAttributeNames must not be empty");
        assertThatThrownBy(() -> new Placeholders(Map.of(), Map.of(":s", AttributeValue.fromSs(List.of())), false, true))
                .hasMessage("ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :s");
        assertThatThrownBy(() -> UpdateApplier.apply(ExpressionParser.update("ADD #n :one",
                new Placeholders(Map.of("#n", "name"), Map.of(":one", n("1")), true, true)), ITEM))
                .hasMessage("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> UpdateApplier.apply(ExpressionParser.update("SET nope.deeper = :one",
                new Placeholders(Map.of(), Map.of(":one", n("1")), false, true)), ITEM))
                .hasMessage("The document path provided in the update expression is invalid for update");
    }
}
