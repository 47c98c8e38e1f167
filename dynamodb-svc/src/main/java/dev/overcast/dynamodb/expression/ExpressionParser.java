package dev.overcast.dynamodb.expression;

import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one parser for DynamoDB's expression languages: condition, filter and key condition expressions (OR &lt;
 * AND &lt; NOT &lt; comparisons, BETWEEN, IN, functions), update expressions (SET, REMOVE, ADD, DELETE) and
 * projection expressions. Errors carry DynamoDB's messages, prefixed by "Invalid &lt;Kind&gt;Expression: ".
 */
public final class ExpressionParser {

    /** Which parameter an expression came from; names the message prefix. */
    public enum Kind {
        CONDITION("ConditionExpression"), FILTER("FilterExpression"), KEY_CONDITION("KeyConditionExpression"),
        UPDATE("UpdateExpression"), PROJECTION("ProjectionExpression");

        final String parameter;

        Kind(String parameter) {
            this.parameter = parameter;
        }
    }

    private static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains");
    private static final Set<String> FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains", "size", "if_not_exists", "list_append");
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    /** The longest expression DynamoDB takes, in UTF-8 bytes. */
    static final int MAX_SIZE = 4096;
    /** The most operators and functions one expression may hold. */
    static final int MAX_OPERATORS = 300;

    private record Token(char kind, String text, int start, int end) {
        // kinds: 'n' name, '#' name placeholder, ':' value placeholder, '0' number, 's' symbol, 'e' end
    }

    private final Kind kind;
    private final String source;
    private final Placeholders placeholders;
    private final List<Token> tokens;
    /** For each token, the position of its matching parenthesis (-1 for none). */
    private final int[] matching;
    private int pos;
    private int operators;

    private ExpressionParser(Kind kind, String source, Placeholders placeholders) {
        this.kind = kind;
        this.source = source;
        this.placeholders = placeholders;
        this.tokens = tokenize();
        this.matching = matchParentheses(tokens);
    }

    public static Expr condition(Kind kind, String text, Placeholders placeholders) {
        ExpressionParser p = new ExpressionParser(kind, requireText(kind, text), placeholders);
        Expr e = p.or();
        p.expectEnd();
        p.requireCondition(e);
        return e;
    }

    public static Expr.Update update(String text, Placeholders placeholders) {
        ExpressionParser p = new ExpressionParser(Kind.UPDATE, requireText(Kind.UPDATE, text), placeholders);
        return p.updateExpression();
    }

    public static Expr.Projection projection(String text, Placeholders placeholders) {
        ExpressionParser p = new ExpressionParser(Kind.PROJECTION, requireText(Kind.PROJECTION, text), placeholders);
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(p.path());
        } while (p.acceptSymbol(","));
        p.expectEnd();
        checkOverlaps(Kind.PROJECTION, paths);
        return new Expr.Projection(paths);
    }

    private static String requireText(Kind kind, String text) {
        if (text.isBlank()) {
            throw DynamoDbErrors.validation("Invalid " + kind.parameter + ": The expression can not be empty;");
        }
        int size = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > MAX_SIZE) {
            // DynamoDB states the size for condition and filter expressions only
            throw DynamoDbErrors.validation("Invalid " + kind.parameter + ": Expression size has exceeded the maximum allowed size;"
                    + (kind == Kind.CONDITION || kind == Kind.FILTER ? " expression size: " + size : ""));
        }
        return text;
    }

    /** Counts an operator or function against DynamoDB's limit (which also bounds how deep conditions nest). */
    private void operator() {
        if (++operators > MAX_OPERATORS) {
            throw error("The expression contains too many operators; operator count: " + operators);
        }
    }

    private static int[] matchParentheses(List<Token> tokens) {
        int[] match = new int[tokens.size()];
        java.util.Arrays.fill(match, -1);
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == 's' && t.text.equals("(")) {
                open.push(i);
            } else if (t.kind == 's' && t.text.equals(")") && !open.isEmpty()) {
                int o = open.pop();
                match[o] = i;
                match[i] = o;
            }
        }
        return match;
    }

    /**
     * At an opening parenthesis: one that only wraps another parenthesised group, {@code ((a = :v))}, is refused as
     * DynamoDB refuses it (before its content is read, so that no depth of such nesting costs stack).
     */
    private void refuseRedundantParentheses() {
        int open = pos;
        int close = matching[open];
        if (close > open + 1 && matching[open + 1] == close - 1) {
            throw error("The expression has redundant parentheses;");
        }
    }

    AwsException error(String detail) {
        return DynamoDbErrors.validation("Invalid " + kind.parameter + ": " + detail);
    }

    // ---- tokens

    private List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < n && isNameChar(source.charAt(i))) {
                    i++;
                }
                out.add(new Token(c, source.substring(start, i), start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && isNameChar(source.charAt(i))) {
                    i++;
                }
                out.add(new Token('n', source.substring(start, i), start, i));
            } else if (Character.isDigit(c)) {
                while (i < n && Character.isDigit(source.charAt(i))) {
                    i++;
                }
                out.add(new Token('0', source.substring(start, i), start, i));
            } else if ((c == '<' || c == '>') && i + 1 < n && (source.charAt(i + 1) == '=' || (c == '<' && source.charAt(i + 1) == '>'))) {
                i += 2;
                out.add(new Token('s', source.substring(start, i), start, i));
            } else if ("()[].,=<>+-".indexOf(c) >= 0) {
                i++;
                out.add(new Token('s', String.valueOf(c), start, i));
            } else {
                throw error("Invalid character encountered; character: \"" + c + "\"");
            }
        }
        out.add(new Token('e', "<EOF>", n, n));
        return out;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != 'e') {
            pos++;
        }
        return t;
    }

    private boolean isSymbol(String s) {
        Token t = peek();
        return t.kind == 's' && t.text.equals(s);
    }

    private boolean acceptSymbol(String s) {
        if (isSymbol(s)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean isKeyword(Token t, String word) {
        return t.kind == 'n' && t.text.equalsIgnoreCase(word);
    }

    private void expectSymbol(String s) {
        if (!acceptSymbol(s)) {
            throw syntax(peek());
        }
    }

    private void expectEnd() {
        if (peek().kind != 'e') {
            throw syntax(peek());
        }
    }

    /** DynamoDB's syntax error: the offending token and the text from the token before to the token after. */
    private AwsException syntax(Token t) {
        int i = tokens.indexOf(t);
        int from = i > 0 ? tokens.get(i - 1).start : t.start;
        Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : t;
        int to = t.kind == 'e' ? source.length() : after.kind == 'e' ? t.end : after.end;
        return error("Syntax error; token: \"" + t.text + "\", near: \"" + source.substring(from, to) + "\"");
    }

    // ---- conditions

    private Expr or() {
        Expr left = and();
        while (isKeyword(peek(), "OR")) {
            next();
            operator();
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (isKeyword(peek(), "AND")) {
            next();
            operator();
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (isKeyword(peek(), "NOT")) {
            next();
            operator();
            return new Expr.Not(requireCondition(not()));
        }
        return comparison();
    }

    private Expr comparison() {
        if (isSymbol("(") && !operandInParentheses()) {
            refuseRedundantParentheses();
            next();
            Expr inner = or();
            expectSymbol(")");
            return requireCondition(inner);
        }
        Expr left = operand();
        if (left instanceof Expr.Call call && CONDITION_FUNCTIONS.contains(call.name())) {
            return left;
        }
        Token t = peek();
        if (t.kind == 's' && COMPARATORS.contains(t.text)) {
            next();
            operator();
            return new Expr.Compare(t.text, left, operand());
        }
        if (isKeyword(t, "BETWEEN")) {
            next();
            operator();
            Expr low = operand();
            if (!isKeyword(peek(), "AND")) {
                throw syntax(peek());
            }
            next();
            return new Expr.Between(left, low, operand());
        }
        if (isKeyword(t, "IN")) {
            next();
            operator();
            expectSymbol("(");
            List<Expr> candidates = new ArrayList<>();
            do {
                candidates.add(operand());
            } while (acceptSymbol(","));
            expectSymbol(")");
            if (candidates.size() > 100) {
                throw error("The IN operator is provided with too many operands; number of operands: " + candidates.size());
            }
            return new Expr.In(left, candidates);
        }
        if (left instanceof Expr.Call call) {
            throw error("The function is not allowed to be used this way in an expression; function: " + call.name());
        }
        throw syntax(t);
    }

    /**
     * Whether the parenthesis here encloses an operand, as in {@code (size(a)) = :v}, rather than a condition: a
     * comparator, BETWEEN or IN follows the parenthesis that closes it.
     */
    private boolean operandInParentheses() {
        int depth = 0;
        for (int i = pos; tokens.get(i).kind != 'e'; i++) {
            Token t = tokens.get(i);
            if (t.kind == 's' && t.text.equals("(")) {
                depth++;
            } else if (t.kind == 's' && t.text.equals(")") && --depth == 0) {
                Token after = tokens.get(i + 1);
                return (after.kind == 's' && COMPARATORS.contains(after.text)) || isKeyword(after, "BETWEEN")
                        || isKeyword(after, "IN");
            }
        }
        return false;
    }

    private Expr requireCondition(Expr e) {
        if (e instanceof Expr.Call call && !CONDITION_FUNCTIONS.contains(call.name())) {
            throw error("The function is not allowed to be used this way in an expression; function: " + call.name());
        }
        if (e instanceof Expr.PathRef || e instanceof Expr.Value) {
            throw syntax(peek());
        }
        return e;
    }

    /** A path, a value placeholder or a function call, possibly in (one pair of) parentheses. */
    private Expr operand() {
        if (isSymbol("(")) {
            next();
            if (isSymbol("(")) {
                throw error("The expression has redundant parentheses;");
            }
            Expr inner = operand();
            expectSymbol(")");
            return inner;
        }
        Token t = peek();
        if (t.kind == ':') {
            next();
            AttributeValue v = placeholders.value(t.text);
            if (v == null) {
                throw error("An expression attribute value used in expression is not defined; attribute value: " + t.text);
            }
            return new Expr.Value(t.text, v);
        }
        if (t.kind == 'n' && peek(1).kind == 's' && peek(1).text.equals("(")) {
            return call();
        }
        if (t.kind == 'n' || t.kind == '#') {
            return new Expr.PathRef(path());
        }
        throw syntax(t);
    }

    private Expr call() {
        Token nameToken = next();
        String name = nameToken.text;
        if (!FUNCTIONS.contains(name)) {
            throw error("Invalid function name; function: " + name);
        }
        operator();
        boolean update = kind == Kind.UPDATE;
        if (update && !Set.of("if_not_exists", "list_append").contains(name)) {
            throw error("The function is not allowed in an update expression; function: " + name);
        }
        if (!update && Set.of("if_not_exists", "list_append").contains(name)) {
            throw error("The function is not allowed in a " + (kind == Kind.FILTER ? "filter" : "condition")
                    + " expression; function: " + name);
        }
        expectSymbol("(");
        List<Expr> args = new ArrayList<>();
        if (!isSymbol(")")) {
            do {
                args.add(update ? setOperand() : operand());
            } while (acceptSymbol(","));
        }
        expectSymbol(")");
        int expected = switch (name) {
            case "attribute_exists", "attribute_not_exists", "size" -> 1;
            default -> 2;
        };
        if (args.size() != expected) {
            throw error("Incorrect number of operands for operator or function; operator or function: " + name
                    + ", number of operands: " + args.size());
        }
        if (Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "if_not_exists").contains(name)
                && !(args.get(0) instanceof Expr.PathRef)) {
            throw error("Operator or function requires a document path; operator or function: " + name);
        }
        checkOperandTypes(name, args);
        if (name.equals("attribute_type")) {
            if (!(args.get(1) instanceof Expr.Value v) || v.value().s() == null) {
                throw error("Incorrect operand type for operator or function; operator or function: attribute_type, operand type: "
                        + (args.get(1) instanceof Expr.Value v2 ? Values.typeName(v2.value()) : "PATH"));
            }
            if (!TYPES.contains(v.value().s())) {
                throw error("Invalid attribute type name found; type: " + v.value().s()
                        + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
            }
        }
        for (Expr a : args) {
            if (a instanceof Expr.Call inner && CONDITION_FUNCTIONS.contains(inner.name())) {
                throw error("The function is not allowed to be used this way in an expression; function: " + inner.name());
            }
        }
        return new Expr.Call(name, args);
    }

    /**
     * DynamoDB refuses, before reading any item, an operand whose type the function can never take: size() of a
     * number, boolean or null; begins_with with an operand other than a string or binary.
     */
    private void checkOperandTypes(String name, List<Expr> args) {
        Set<String> refused = switch (name) {
            case "size" -> Set.of("N", "BOOL", "NULL");
            case "begins_with" -> Set.of("N", "BOOL", "NULL", "SS", "NS", "BS", "L", "M");
            default -> Set.of();
        };
        for (Expr a : args) {
            String type = a instanceof Expr.Value v ? Values.typeName(v.value())
                    : a instanceof Expr.Call c && c.name().equals("size") ? "N" : null;
            if (type != null && refused.contains(type)) {
                throw error("Incorrect operand type for operator or function; operator or function: " + name
                        + ", operand type: " + type);
            }
        }
    }

    private Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (isSymbol(".")) {
                next();
                elements.add(pathName());
            } else if (isSymbol("[")) {
                next();
                Token n = next();
                if (n.kind != '0') {
                    throw syntax(n);
                }
                int index;
                try {
                    index = Integer.parseInt(n.text);
                } catch (NumberFormatException e) {
                    throw error("List index is too large; index: " + n.text);
                }
                expectSymbol("]");
                elements.add(index);
            } else {
                break;
            }
        }
        return new Path(elements);
    }

    private String pathName() {
        Token t = next();
        if (t.kind == '#') {
            String name = placeholders.name(t.text);
            if (name == null) {
                throw error("An expression attribute name used in the document path is not defined; attribute name: " + t.text);
            }
            return name;
        }
        if (t.kind != 'n' || KEYWORDS.contains(t.text.toUpperCase(Locale.ROOT))) {
            throw syntax(t);
        }
        if (ReservedWords.isReserved(t.text)) {
            throw error("Attribute name is a reserved keyword; reserved keyword: " + t.text);
        }
        return t.text;
    }

    // ---- update expressions

    private Expr.Update updateExpression() {
        List<Expr.UpdateAction> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (peek().kind != 'e') {
            Token clause = next();
            String c = clause.kind == 'n' ? clause.text.toUpperCase(Locale.ROOT) : "";
            if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(c)) {
                throw syntax(clause);
            }
            if (!seen.add(c)) {
                throw error("The \"" + c + "\" section can only be used once in an update expression;");
            }
            do {
                Path path = path();
                Expr value = null;
                switch (c) {
                    case "SET" -> {
                        expectSymbol("=");
                        value = setValue();
                    }
                    case "ADD", "DELETE" -> {
                        value = operand();
                        if (!(value instanceof Expr.Value v)) {
                            throw syntax(peek());
                        }
                        checkAddDeleteOperand(c, v.value());
                    }
                    default -> {
                    }
                }
                actions.add(new Expr.UpdateAction(c, path, value));
            } while (acceptSymbol(","));
        }
        checkOverlaps(Kind.UPDATE, actions.stream().map(Expr.UpdateAction::path).toList());
        return new Expr.Update(actions);
    }

    private void checkAddDeleteOperand(String clause, AttributeValue v) {
        AttributeValue.Type t = v.type();
        boolean ok = clause.equals("ADD")
                ? t == AttributeValue.Type.N || t == AttributeValue.Type.SS || t == AttributeValue.Type.NS || t == AttributeValue.Type.BS
                : t == AttributeValue.Type.SS || t == AttributeValue.Type.NS || t == AttributeValue.Type.BS;
        if (!ok) {
            throw error("Incorrect operand type for operator or function; operator: " + clause + ", operand type: "
                    + Evaluator.typeWord(v));
        }
    }

    private Expr setValue() {
        Expr left = setOperand();
        if (isSymbol("+") || isSymbol("-")) {
            char op = next().text.charAt(0);
            operator();
            return new Expr.Arithmetic(op, left, setOperand());
        }
        return left;
    }

    private Expr setOperand() {
        if (isSymbol("(")) {
            refuseRedundantParentheses();
            next();
            Expr inner = setValue();
            expectSymbol(")");
            return inner;
        }
        return operand();
    }

    /** Two paths in one expression may not overlap (one a prefix of the other) nor conflict (map key vs list index). */
    static void checkOverlaps(Kind kind, List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                Path a = paths.get(i);
                Path b = paths.get(j);
                int common = Math.min(a.size(), b.size());
                boolean prefix = true;
                for (int k = 0; k < common; k++) {
                    Object x = a.get(k);
                    Object y = b.get(k);
                    if (!x.equals(y)) {
                        prefix = false;
                        if (x.getClass() != y.getClass()) {
                            throw DynamoDbErrors.validation("Invalid " + kind.parameter
                                    + ": Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
                                    + a + ", path two: " + b);
                        }
                        break;
                    }
                }
                if (prefix) {
                    throw DynamoDbErrors.validation("Invalid " + kind.parameter
                            + ": Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                            + a + ", path two: " + b);
                }
            }
        }
    }
}
