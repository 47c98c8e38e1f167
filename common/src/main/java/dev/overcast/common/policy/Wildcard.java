package dev.overcast.common.policy;

/**
 * A policy wildcard ({@code *} any run of characters, {@code ?} one character) matched without a regular expression:
 * a policy's actions, resources and {@code …Like} conditions are evaluated on every request, where a regex matcher
 * per pattern cost more than the rest of the evaluation. Case-insensitive matching folds ASCII letters only, as
 * {@link java.util.regex.Pattern#CASE_INSENSITIVE} does.
 */
public record Wildcard(String text, boolean ignoreCase) {

    /** Whether the whole value matches. */
    public boolean matches(String value) {
        int p = 0;
        int v = 0;
        int star = -1; // the pattern position after the last '*', and the value position it was tried at
        int retry = 0;
        while (v < value.length()) {
            if (p < text.length() && text.charAt(p) == '*') {
                star = ++p;
                retry = v;
            } else if (p < text.length() && text.charAt(p) == '?') {
                p++;
                v += characterLength(value, v);
            } else if (p < text.length() && same(text.charAt(p), value.charAt(v))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star; // the last '*' takes one more character
                retry += characterLength(value, retry);
                v = retry;
            } else {
                return false;
            }
        }
        while (p < text.length() && text.charAt(p) == '*') {
            p++;
        }
        return p == text.length();
    }

    /** One character of the value: a surrogate pair counts as one, as a regex's {@code .} takes it. */
    private static int characterLength(String value, int at) {
        return Character.isHighSurrogate(value.charAt(at)) && at + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(at + 1)) ? 2 : 1;
    }

    private boolean same(char a, char b) {
        return a == b || ignoreCase && a < 128 && b < 128 && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
