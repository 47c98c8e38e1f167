package dev.overcast.glue.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/** Helpers over SDK model shapes. */
public final class Models {

    private Models() {
    }

    /**
     * Copies every member of {@code from} that {@code to} has under the same name and of the same wire type (a
     * request's {@code Schedule} string is not a Crawler's {@code Schedule} structure), and returns {@code to}.
     */
    public static <B extends SdkPojo> B copySameTyped(SdkPojo from, B to) {
        Map<String, SdkField<?>> source = new HashMap<>();
        for (SdkField<?> f : from.sdkFields()) {
            source.put(f.memberName(), f);
        }
        for (SdkField<?> f : to.sdkFields()) {
            SdkField<?> s = source.get(f.memberName());
            if (s != null && s.marshallingType().equals(f.marshallingType())) {
                Object value = s.getValueOrDefault(from);
                if (value != null && !(value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>)
                        && !(value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>)) {
                    f.set(to, value);
                }
            }
        }
        return to;
    }
}
