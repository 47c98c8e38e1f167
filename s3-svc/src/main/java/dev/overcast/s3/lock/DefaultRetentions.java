package dev.overcast.s3.lock;

import dev.overcast.common.protocol.json.ModelJson;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;

/** Buckets' default retentions, parsed once per stored configuration text (the object hot path reads them). */
final class DefaultRetentions {

    private static final Map<String, DefaultRetention> PARSED = new ConcurrentHashMap<>();
    private static final DefaultRetention NONE = DefaultRetention.builder().build();

    private DefaultRetentions() {
    }

    static DefaultRetention of(String json) {
        DefaultRetention d = PARSED.get(json);
        if (d == null) {
            if (PARSED.size() > 10_000) {
                PARSED.clear();
            }
            ObjectLockConfiguration c = ModelJson.read(json, ObjectLockConfiguration.class);
            d = c.rule() == null || c.rule().defaultRetention() == null ? NONE : c.rule().defaultRetention();
            PARSED.put(json, d);
        }
        return d == NONE ? null : d;
    }
}
