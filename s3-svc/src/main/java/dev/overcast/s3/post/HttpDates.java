package dev.overcast.s3.post;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Expires} form field: an HTTP date, kept as the instant string objects store (null if unreadable). */
final class HttpDates {

    private HttpDates() {
    }

    static String toInstantString(String httpDate) {
        if (httpDate == null || httpDate.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(httpDate.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
