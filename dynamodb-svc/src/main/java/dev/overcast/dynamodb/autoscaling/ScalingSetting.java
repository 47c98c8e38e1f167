package dev.overcast.dynamodb.autoscaling;

import java.time.Instant;

/**
 * The auto scaling of one dimension (reads R or writes W) of a table (index "") or GSI: its bounds, its target-tracking
 * policy (target utilization in percent, cool-downs in seconds) and when it last scaled (and last decreased).
 */
record ScalingSetting(long tableId, String index, String dimension, long min, long max, boolean disabled, String roleArn,
                      String policyName, Double target, Integer scaleInCooldown, Integer scaleOutCooldown,
                      boolean disableScaleIn, Instant lastScaledAt, Instant lastDecreaseAt) {
}
