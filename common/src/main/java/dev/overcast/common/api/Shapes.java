package dev.overcast.common.api;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/** Helpers over SDK model shapes for handlers. */
public final class Shapes {

    private Shapes() {
    }

    /**
     * Copies every member of {@code from} that {@code to} has under the same name (e.g. a GetObjectResponse's
     * headers into a HeadObjectResponse builder) and returns {@code to}.
     */
    public static <B extends SdkPojo> B copyMembers(SdkPojo from, B to) {
        Map<String, SdkField<?>> source = new HashMap<>();
        for (SdkField<?> f : from.sdkFields()) {
            source.put(f.memberName(), f);
        }
        for (SdkField<?> f : to.sdkFields()) {
            SdkField<?> s = source.get(f.memberName());
            if (s != null) {
                Object value = s.getValueOrDefault(from);
                if (value != null) {
                    f.set(to, value);
                }
            }
        }
        return to;
    }
}
