package dev.overcast.dynamodb.expression;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The syntax tree of every kind of expression (condition, filter, key condition, update, projection). */
public sealed interface Expr {

    /** A document path operand. */
    record PathRef(Path path) implements Expr {
    }

    /** An {@code :value} placeholder with the value it stands for. */
    record Value(String placeholder, AttributeValue value) implements Expr {
    }

    /** A function call: a condition (attribute_exists, begins_with…) or an operand (size, if_not_exists, list_append). */
    record Call(String name, List<Expr> args) implements Expr {
    }

    /** {@code a + b}, {@code a - b} in SET. */
    record Arithmetic(char op, Expr left, Expr right) implements Expr {
    }

    /** =, <>, <, <=, >, >= */
    record Compare(String op, Expr left, Expr right) implements Expr {
    }

    record Between(Expr operand, Expr low, Expr high) implements Expr {
    }

    record In(Expr operand, List<Expr> candidates) implements Expr {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    /** One action of an update expression. */
    record UpdateAction(String clause, Path path, Expr value) implements Expr {
    }

    /** A whole update expression: its actions in order. */
    record Update(List<UpdateAction> actions) implements Expr {
    }

    /** A projection expression: its paths. */
    record Projection(List<Path> paths) implements Expr {
    }
}
