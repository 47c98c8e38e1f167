package dev.overcast.dynamodb.autoscaling;

import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.scheduling.support.CronExpression;

/**
 * The schedule of a scheduled action, as Application Auto Scaling writes it: {@code at(yyyy-mm-ddThh:mm:ss)} once,
 * {@code rate(value unit)} (minute(s), hour(s), day(s)) from its start time (or its creation), or
 * {@code cron(minutes hours day-of-month month day-of-week year)}, in the action's time zone (UTC by default).
 */
final class Schedule {

    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");

    private final Instant at;
    private final Duration rate;
    private final CronExpression cron;
    private final ZoneId zone;

    private Schedule(Instant at, Duration rate, CronExpression cron, ZoneId zone) {
        this.at = at;
        this.rate = rate;
        this.cron = cron;
        this.zone = zone;
    }

    private static AwsException invalid(String schedule) {
        return DynamoDbErrors.validation("Schedule expression is not valid: " + schedule);
    }

    static Schedule parse(String schedule, String timezone) {
        ZoneId zone;
        try {
            zone = timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw DynamoDbErrors.validation("Time zone is not valid: " + timezone);
        }
        try {
            Matcher m = AT.matcher(schedule);
            if (m.matches()) {
                return new Schedule(LocalDateTime.parse(m.group(1)).atZone(zone).toInstant(), null, null, zone);
            }
            m = RATE.matcher(schedule);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration unit = m.group(2).startsWith("minute") ? Duration.ofMinutes(1)
                        : m.group(2).startsWith("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
                if (n < 1) {
                    throw invalid(schedule);
                }
                return new Schedule(null, unit.multipliedBy(n), null, zone);
            }
            m = CRON.matcher(schedule);
            if (m.matches()) {
                return new Schedule(null, null, cron(m.group(1), schedule), zone);
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            throw invalid(schedule);
        }
        throw invalid(schedule);
    }

    /**
     * AWS's six cron fields (minutes hours day-of-month month day-of-week year, days of the week 1-7 from Sunday) as
     * Spring's (seconds first, days of the week 0-7 from Sunday); a year other than {@code *} is refused.
     */
    private static CronExpression cron(String fields, String schedule) {
        String[] f = fields.trim().split("\\s+");
        if (f.length != 6 || !(f[5].equals("*") || f[5].equals("?"))) {
            throw invalid(schedule);
        }
        String dow = Pattern.compile("\\d").matcher(f[4]).replaceAll(d -> Integer.toString(Integer.parseInt(d.group()) - 1));
        return CronExpression.parse("0 " + f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + dow);
    }

    /** The first run after {@code after} (not before {@code start} when given), or null when there is none. */
    Instant next(Instant after, Instant start, Instant origin) {
        Instant from = start != null && start.isAfter(after) ? start.minusNanos(1) : after;
        if (at != null) {
            return at.isAfter(from) ? at : null;
        }
        if (rate != null) {
            Instant base = start != null ? start : origin;
            if (base.isAfter(from)) {
                return base;
            }
            long periods = Duration.between(base, from).dividedBy(rate) + 1;
            return base.plus(rate.multipliedBy(periods));
        }
        ZonedDateTime next = cron.next(ZonedDateTime.ofInstant(from, zone));
        return next == null ? null : next.toInstant();
    }
}
