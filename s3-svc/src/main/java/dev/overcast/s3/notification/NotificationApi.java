package dev.overcast.s3.notification;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketNotificationConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketNotificationConfigurationResponse;

/**
 * A bucket's event notification configuration: Put/GetBucketNotificationConfiguration.
 *
 * <p>The suite has no SQS, SNS or Lambda. S3 validates a destination by sending it a test message (queues, topics) or
 * checking its invoke permission (functions) and answers "Unable to validate the following destination
 * configurations" when it cannot; here every destination is reachable: its events go to the bus (topic
 * {@value Notifications#TOPIC}, the destination's ARN in the event) and, when {@code OVERCAST_NOTIFICATION_ENDPOINTS}
 * maps the ARN to a URL, are POSTed there as well. So a destination is valid when its ARN is well formed and in the
 * bucket's region, and {@code x-amz-skip-destination-validation} (which skips only the reachability check) changes
 * nothing.
 */
@AwsApi(api = "s3")
public class NotificationApi {

    private final BucketStore buckets;
    private final Notifications notifications;
    private final TransactionTemplate tx;

    public NotificationApi(BucketStore buckets, Notifications notifications, PlatformTransactionManager transactions) {
        this.buckets = buckets;
        this.notifications = notifications;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Replaces the configuration (an empty one turns notifications off) and, in the same transaction, sends the test
     * message to each queue and topic of the new one.
     */
    public PutBucketNotificationConfigurationResponse putBucketNotificationConfiguration(
            RequestContext ctx, PutBucketNotificationConfigurationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        NotificationRules rules = NotificationConfigurations.from(request.notificationConfiguration(), bucket.region());
        tx.executeWithoutResult(status -> {
            if (!buckets.setNotification(bucket.name(), rules.toStored())) {
                throw S3Errors.noSuchBucket(bucket.name());
            }
            notifications.testEvents(bucket, rules, ctx.requestId(), ctx.principal(), ctx.header("X-Forwarded-For"));
        });
        return PutBucketNotificationConfigurationResponse.builder().build();
    }

    @XmlRoot("NotificationConfiguration")
    public GetBucketNotificationConfigurationResponse getBucketNotificationConfiguration(
            RequestContext ctx, GetBucketNotificationConfigurationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        return NotificationConfigurations.toResponse(NotificationRules.of(bucket.notification()));
    }
}
