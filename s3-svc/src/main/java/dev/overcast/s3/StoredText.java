package dev.overcast.s3;

import java.util.Arrays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

/**
 * Text as the S3 schema stores it. S3 takes any Unicode in keys and in the parameters compared with them (prefixes,
 * markers, copy sources), U+0000 included; PostgreSQL text cannot hold U+0000. Stored text therefore escapes it
 * reversibly, in a way that keeps S3's order (UTF-8 bytes, the columns' collation "C") and prefixes:
 * U+0000 is written U+0001 U+0001 and U+0001 is written U+0001 U+0002; every other character stands for itself. No
 * code word is the start of another and their order is that of the characters they stand for, so stored keys
 * compare, and start with a stored prefix, exactly as the keys do.
 * <p>
 * The escape is applied where text is bound: every argument the S3 stores bind by position goes through
 * {@link #binding}, the object and upload rows bound by name through {@code ObjectColumns}; it is undone where a key
 * column is read ({@code ObjectColumns}). Text other than keys never holds U+0000 or U+0001 (ids, ETags, header
 * values), so for it the escape changes nothing.
 */
public final class StoredText {

    private StoredText() {
    }

    /** The text as stored. */
    public static String stored(String text) {
        if (text == null || !needsEscape(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                sb.append('\u0001').append('\u0001');
            } else if (c == '\u0001') {
                sb.append('\u0001').append('\u0002');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The text a stored value stands for. */
    public static String read(String stored) {
        if (stored == null || stored.indexOf('\u0001') < 0) {
            return stored;
        }
        StringBuilder sb = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '\u0001' && i + 1 < stored.length()) {
                sb.append(stored.charAt(++i) == '\u0001' ? '\0' : '\u0001');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || c == '\u0001') {
                return true;
            }
        }
        return false;
    }

    /** {@code jdbc}'s settings, binding every text argument given by position as stored text. */
    public static JdbcTemplate binding(JdbcTemplate jdbc) {
        return jdbc instanceof StoredTextJdbcTemplate ? jdbc : new StoredTextJdbcTemplate(jdbc);
    }

    private static final class StoredTextJdbcTemplate extends JdbcTemplate {

        StoredTextJdbcTemplate(JdbcTemplate jdbc) {
            super(jdbc);
            setFetchSize(jdbc.getFetchSize());
            setMaxRows(jdbc.getMaxRows());
            setQueryTimeout(jdbc.getQueryTimeout());
            setIgnoreWarnings(jdbc.isIgnoreWarnings());
            setSkipResultsProcessing(jdbc.isSkipResultsProcessing());
            setSkipUndeclaredResults(jdbc.isSkipUndeclaredResults());
            setResultsMapCaseInsensitive(jdbc.isResultsMapCaseInsensitive());
        }

        @Override
        protected PreparedStatementSetter newArgPreparedStatementSetter(Object[] args) {
            return super.newArgPreparedStatementSetter(stored(args));
        }

        @Override
        protected PreparedStatementSetter newArgTypePreparedStatementSetter(Object[] args, int[] argTypes) {
            return super.newArgTypePreparedStatementSetter(stored(args), argTypes);
        }

        private static Object[] stored(Object[] args) {
            if (args == null) {
                return null;
            }
            Object[] out = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof String s) {
                    String escaped = StoredText.stored(s);
                    if (escaped != s) {
                        out = out == null ? Arrays.copyOf(args, args.length) : out;
                        out[i] = escaped;
                    }
                }
            }
            return out == null ? args : out;
        }
    }
}
