package dev.overcast.glue.schedule;

import dev.overcast.glue.GlueErrors;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/**
 * Glue's schedule expressions, {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)} in UTC, as Glue parses
 * them: {@code *}, {@code ?}, lists, ranges, steps, month and day names, {@code L} (last day of the month) and
 * {@code n#k} (the k-th weekday n of the month); one of day-of-month and day-of-week must be {@code ?}.
 */
public final class CronExpression {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String[] fields;
    private final String text;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.fields = fields;
    }

    /** The expression, or InvalidInputException as Glue words it. */
    public static CronExpression parse(String expression) {
        String e = expression.trim();
        if (!e.startsWith("cron(") || !e.endsWith(")")) {
            throw invalid(expression);
        }
        String[] f = e.substring(5, e.length() - 1).trim().toUpperCase(Locale.ROOT).split("\\s+");
        if (f.length != 6 || (!f[2].equals("?") && !f[4].equals("?")) || (f[2].equals("?") && f[4].equals("?"))) {
            throw invalid(expression);
        }
        CronExpression cron = new CronExpression(expression, f);
        try {
            // every field must parse: try it on one instant
            cron.matches(ZonedDateTime.parse("2024-01-01T00:00:00Z"));
        } catch (RuntimeException x) {
            throw invalid(expression);
        }
        return cron;
    }

    private static RuntimeException invalid(String expression) {
        return GlueErrors.invalidInput("Invalid schedule expression: " + expression);
    }

    /** True when the expression fires in the minute of {@code t} (UTC). */
    public boolean matches(ZonedDateTime t) {
        return field(fields[0], t.getMinute(), 0, 59, null)
                && field(fields[1], t.getHour(), 0, 23, null)
                && month(t)
                && field(fields[5], t.getYear(), 1970, 2199, null)
                && (fields[2].equals("?") || dayOfMonth(fields[2], t))
                && (fields[4].equals("?") || dayOfWeek(fields[4], t));
    }

    private boolean month(ZonedDateTime t) {
        return field(fields[3], t.getMonthValue(), 1, 12, MONTHS);
    }

    private static boolean dayOfMonth(String f, ZonedDateTime t) {
        if (f.equals("L")) {
            return t.getDayOfMonth() == t.with(TemporalAdjusters.lastDayOfMonth()).getDayOfMonth();
        }
        return field(f, t.getDayOfMonth(), 1, 31, null);
    }

    private static boolean dayOfWeek(String f, ZonedDateTime t) {
        int dow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
        int hash = f.indexOf('#');
        if (hash > 0) {
            int day = value(f.substring(0, hash), DAYS, 1);
            int nth = Integer.parseInt(f.substring(hash + 1));
            return dow == day && (t.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
        return field(f, dow, 1, 7, DAYS);
    }

    private static boolean field(String f, int v, int min, int max, List<String> names) {
        for (String part : f.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
                if (step <= 0) {
                    throw new IllegalArgumentException("step");
                }
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-");
                lo = value(ends[0], names, min);
                hi = value(ends[1], names, min);
            } else {
                lo = value(range, names, min);
                hi = slash >= 0 ? max : lo;
            }
            if (lo < min || hi > max) {
                throw new IllegalArgumentException("range");
            }
            if (v >= lo && v <= hi && (v - lo) % step == 0) {
                return true;
            }
        }
        return false;
    }

    private static int value(String s, List<String> names, int base) {
        if (names != null && names.contains(s)) {
            return names.indexOf(s) + base;
        }
        return Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return text;
    }
}
