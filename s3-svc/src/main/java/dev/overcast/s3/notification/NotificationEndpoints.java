package dev.overcast.s3.notification;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the events of a destination the suite does not have (an SQS queue, an SNS topic, a Lambda function) are
 * POSTed: {@code OVERCAST_NOTIFICATION_ENDPOINTS} ({@code overcast.notification-endpoints}), {@code arn=url,…}.
 * Every event also goes to the bus whether or not its destination is mapped here.
 */
@Component
public class NotificationEndpoints {

    private final Map<String, String> urls;

    public NotificationEndpoints(@Value("${overcast.notification-endpoints:}") String mapping) {
        this.urls = parse(mapping);
    }

    static Map<String, String> parse(String mapping) {
        Map<String, String> urls = new LinkedHashMap<>();
        if (mapping == null || mapping.isBlank()) {
            return Map.of();
        }
        for (String entry : mapping.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("overcast.notification-endpoints: '" + entry.trim()
                        + "' is not arn=url");
            }
            String url = entry.substring(eq + 1).trim();
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("overcast.notification-endpoints: '" + url + "' is not an http(s) URL");
            }
            urls.put(entry.substring(0, eq).trim(), url);
        }
        return Map.copyOf(urls);
    }

    /** The URL the destination's events are POSTed to, null when none is mapped. */
    public String url(String destinationArn) {
        return urls.get(destinationArn);
    }
}
