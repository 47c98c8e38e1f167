package dev.overcast.dynamodb.autoscaling;

import java.time.Instant;
import java.util.List;

/**
 * The auto scaling of one dimension (reads R or writes W) of a table (index "") or GSI: its bounds, its target-tracking
 * policies (each with its target utilization in percent and cool-downs in seconds; several may be in force at once)
 * and when it last scaled (and last decreased).
 */
record ScalingSetting(long tableId, String index, String dimension, long min, long max, boolean disabled, String roleArn,
                      List<Policy> policies, Instant lastScaledAt, Instant lastDecreaseAt) {

    /** A target-tracking policy of the target, by its name. */
    record Policy(String name, double target, Integer scaleInCooldown, Integer scaleOutCooldown, boolean disableScaleIn,
                  Instant createdAt) {
    }

    /** The policy of that name, or null. */
    Policy policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    ScalingSetting withPolicies(List<Policy> all) {
        return new ScalingSetting(tableId, index, dimension, min, max, disabled, roleArn, List.copyOf(all), lastScaledAt,
                lastDecreaseAt);
    }
}
