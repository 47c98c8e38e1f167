package dev.overcast.s3.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The tags of the principals behind access keys, for {@code aws:PrincipalTag/<key>} conditions: the suite has no IAM,
 * so the tags a role or user would carry are configured ({@code OVERCAST_PRINCIPAL_TAGS},
 * {@code AKID1:team=blue;level=3,AKID2:team=red}). A key not listed has no tags (the condition key is absent).
 */
@Component
public class PrincipalTags {

    private final Map<String, Map<String, String>> byAccessKey;

    public PrincipalTags(@Value("${overcast.principal-tags:${OVERCAST_PRINCIPAL_TAGS:}}") String setting) {
        this.byAccessKey = parse(setting);
    }

    /** The tags of the access key's principal (keys as configured), empty when it has none. */
    public Map<String, String> of(String accessKeyId) {
        return accessKeyId == null ? Map.of() : byAccessKey.getOrDefault(accessKeyId, Map.of());
    }

    /**
     * Parses {@code AKID:key=value;key2=value2,AKID2:key=value}; IllegalArgumentException (the service does not start)
     * on an entry of another shape or a key configured twice.
     */
    static Map<String, Map<String, String>> parse(String setting) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return result;
        }
        for (String entry : setting.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String akid = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (akid.isEmpty()) {
                throw new IllegalArgumentException(
                        "OVERCAST_PRINCIPAL_TAGS entry must be ACCESS_KEY_ID:key=value;key=value, got '" + entry + "'");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            for (String pair : entry.substring(colon + 1).split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException("OVERCAST_PRINCIPAL_TAGS tag must be key=value, got '"
                            + pair + "' for " + akid);
                }
                String key = pair.substring(0, eq).trim();
                if (tags.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key))) {
                    throw new IllegalArgumentException("OVERCAST_PRINCIPAL_TAGS names tag '" + key + "' twice for "
                            + akid); // tag keys are case-insensitive in IAM
                }
                tags.put(key, pair.substring(eq + 1).trim());
            }
            if (result.put(akid, Map.copyOf(tags)) != null) {
                throw new IllegalArgumentException("OVERCAST_PRINCIPAL_TAGS names access key '" + akid + "' twice");
            }
        }
        return result;
    }

    /** Adds {@code aws:principaltag/<key>} condition keys (lower-case key names; values as configured). */
    void addTo(String accessKeyId, Map<String, String> keys) {
        of(accessKeyId).forEach((k, v) -> keys.put("aws:principaltag/" + k.toLowerCase(Locale.ROOT), v));
    }
}
