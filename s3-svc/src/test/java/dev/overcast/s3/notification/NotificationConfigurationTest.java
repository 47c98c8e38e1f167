package dev.overcast.s3.notification;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3TestService;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

/** Put/GetBucketNotificationConfiguration through the SDK: what is stored, what is refused and how, the test event. */
class NotificationConfigurationTest {

    private static final S3Client S3 = S3TestService.client();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:uploads";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:changes";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:thumbnail";

    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
    }

    private void put(NotificationConfiguration configuration) {
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(configuration));
    }

    private static NotificationConfigurationFilter filter(String prefix, String suffix) {
        return NotificationConfigurationFilter.builder().key(k -> {
            var rules = new java.util.ArrayList<software.amazon.awssdk.services.s3.model.FilterRule>();
            if (prefix != null) {
                rules.add(software.amazon.awssdk.services.s3.model.FilterRule.builder().name(FilterRuleName.PREFIX)
                        .value(prefix).build());
            }
            if (suffix != null) {
                rules.add(software.amazon.awssdk.services.s3.model.FilterRule.builder().name(FilterRuleName.SUFFIX)
                        .value(suffix).build());
            }
            k.filterRules(rules);
        }).build();
    }

    @Test
    void aNewBucketHasAnEmptyConfiguration() {
        GetBucketNotificationConfigurationResponse empty = S3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        assertThat(empty.queueConfigurations()).isEmpty();
        assertThat(empty.topicConfigurations()).isEmpty();
        assertThat(empty.lambdaFunctionConfigurations()).isEmpty();
        assertThat(empty.eventBridgeConfiguration()).isNull();
    }

    @Test
    void everyKindOfDestinationIsStoredAndAnsweredBack() {
        put(NotificationConfiguration.builder()
                .queueConfigurations(QueueConfiguration.builder().id("q").queueArn(QUEUE)
                        .events(Event.S3_OBJECT_CREATED).filter(filter("images/", ".jpg")).build())
                .topicConfigurations(TopicConfiguration.builder().topicArn(TOPIC)
                        .events(Event.S3_OBJECT_REMOVED, Event.S3_OBJECT_TAGGING).build())
                .lambdaFunctionConfigurations(LambdaFunctionConfiguration.builder().id("f").lambdaFunctionArn(FUNCTION)
                        .events(Event.S3_OBJECT_CREATED_PUT).filter(filter("docs/", null)).build())
                .eventBridgeConfiguration(e -> { })
                .build());

        GetBucketNotificationConfigurationResponse got = S3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        QueueConfiguration queue = got.queueConfigurations().get(0);
        assertThat(queue.id()).isEqualTo("q");
        assertThat(queue.queueArn()).isEqualTo(QUEUE);
        assertThat(queue.eventsAsStrings()).containsExactly("s3:ObjectCreated:*");
        assertThat(queue.filter().key().filterRules()).extracting(r -> r.nameAsString() + "=" + r.value())
                .containsExactly("Prefix=images/", "Suffix=.jpg");
        TopicConfiguration topic = got.topicConfigurations().get(0);
        assertThat(topic.topicArn()).isEqualTo(TOPIC);
        assertThat(topic.eventsAsStrings()).containsExactly("s3:ObjectRemoved:*", "s3:ObjectTagging:*");
        // an id is generated when none is given: a UUID, base64-encoded, as S3 makes them
        assertThat(new String(Base64.getDecoder().decode(topic.id()))).matches("[0-9a-f-]{36}");
        assertThat(topic.filter()).isNull();
        assertThat(got.lambdaFunctionConfigurations().get(0).lambdaFunctionArn()).isEqualTo(FUNCTION);
        assertThat(got.eventBridgeConfiguration()).isNotNull();

        // an empty configuration turns notifications off
        put(NotificationConfiguration.builder().build());
        assertThat(S3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations()).isEmpty();
    }

    @Test
    void savingAConfigurationSendsTheTestEventToItsQueuesAndTopics() {
        put(NotificationConfiguration.builder()
                .queueConfigurations(QueueConfiguration.builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED).build())
                .topicConfigurations(TopicConfiguration.builder().topicArn(TOPIC).events(Event.S3_OBJECT_REMOVED).build())
                .lambdaFunctionConfigurations(LambdaFunctionConfiguration.builder().lambdaFunctionArn(FUNCTION)
                        .events(Event.S3_OBJECT_TAGGING).build())
                .build());
        List<OutboxRows.Row> rows = OutboxRows.of(bucket);
        assertThat(rows).extracting(OutboxRows.Row::destination).containsExactlyInAnyOrder(QUEUE, TOPIC);
        for (OutboxRows.Row row : rows) {
            assertThat(row.topic()).isEqualTo("overcast.s3.events");
            assertThat(row.key()).isEqualTo(bucket);
            assertThat(row.type()).isEqualTo("aws.s3.TestEvent");
            assertThat(row.event().get("source").asString()).isEqualTo("arn:aws:s3:::" + bucket);
            assertThat(row.event().get("data").get("Service").asString()).isEqualTo("Amazon S3");
            assertThat(row.event().get("data").get("Event").asString()).isEqualTo("s3:TestEvent");
            assertThat(row.event().get("data").get("Bucket").asString()).isEqualTo(bucket);
        }
    }

    @Test
    void destinationValidationMayBeSkippedButArnsAreStillChecked() {
        S3.putBucketNotificationConfiguration(b -> b.bucket(bucket).skipDestinationValidation(true)
                .notificationConfiguration(n -> n.queueConfigurations(QueueConfiguration.builder().queueArn(QUEUE)
                        .events(Event.S3_OBJECT_CREATED).build())));
        assertThat(S3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations()).hasSize(1);
        assertFailure(failure(() -> S3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .skipDestinationValidation(true).notificationConfiguration(n -> n.queueConfigurations(
                        QueueConfiguration.builder().queueArn("arn:aws:sqs:us-east-1:queue").events(Event.S3_OBJECT_CREATED)
                                .build())))), 400, "InvalidArgument", "The ARN is not well formed");
    }

    @Test
    void refusedAsS3RefusesThem() {
        assertFailure(failure(() -> put(NotificationConfiguration.builder().queueConfigurations(QueueConfiguration
                .builder().queueArn(QUEUE).eventsWithStrings("s3:ObjectCreated:Bogus").build()).build())),
                400, "InvalidArgument", "The event is not supported for notifications");
        assertFailure(failure(() -> put(NotificationConfiguration.builder().topicConfigurations(TopicConfiguration
                .builder().topicArn("arn:aws:sqs:us-east-1:000000000000:not-a-topic").events(Event.S3_OBJECT_CREATED)
                .build()).build())), 400, "InvalidArgument", "The ARN is not well formed");
        assertFailure(failure(() -> put(NotificationConfiguration.builder().lambdaFunctionConfigurations(
                LambdaFunctionConfiguration.builder().lambdaFunctionArn("arn:aws:lambda:eu-west-1:000000000000:function:f")
                        .events(Event.S3_OBJECT_CREATED).build()).build())), 400, "InvalidArgument",
                "The notification destination service region is not valid for the bucket location constraint");
        assertFailure(failure(() -> put(NotificationConfiguration.builder().queueConfigurations(QueueConfiguration
                .builder().queueArn("arn:aws:sqs:us-east-1:000000000000:q.fifo").events(Event.S3_OBJECT_CREATED).build())
                .build())), 400, "InvalidArgument", "FIFO SQS queues are not supported.");
        assertFailure(failure(() -> put(NotificationConfiguration.builder().queueConfigurations(QueueConfiguration
                .builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED).filter(NotificationConfigurationFilter.builder()
                        .key(k -> k.filterRules(r -> r.name("middle").value("x"))).build()).build()).build())),
                400, "InvalidArgument", "filter rule name must be either prefix or suffix");
        assertFailure(failure(() -> put(NotificationConfiguration.builder().queueConfigurations(QueueConfiguration
                .builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED).filter(NotificationConfigurationFilter.builder()
                        .key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("a"),
                                r -> r.name(FilterRuleName.PREFIX).value("b"))).build()).build()).build())),
                400, "InvalidArgument", "Cannot specify more than one prefix rule in a filter.");
        assertFailure(failure(() -> put(NotificationConfiguration.builder().queueConfigurations(
                QueueConfiguration.builder().id("same").queueArn(QUEUE).events(Event.S3_OBJECT_CREATED).build(),
                QueueConfiguration.builder().id("same").queueArn(QUEUE).events(Event.S3_OBJECT_REMOVED).build()).build())),
                400, "InvalidArgument", "Same ID used for multiple configurations. IDs must be unique.");
        assertThat(S3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations()).isEmpty();
        assertThat(OutboxRows.of(bucket)).isEmpty();
    }

    @Test
    void overlappingConfigurationsAreRefused() {
        // the same event type twice, without filters
        assertFailure(failure(() -> put(NotificationConfiguration.builder()
                .queueConfigurations(QueueConfiguration.builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED).build())
                .topicConfigurations(TopicConfiguration.builder().topicArn(TOPIC).events(Event.S3_OBJECT_CREATED_PUT)
                        .build()).build())),
                400, "InvalidArgument", "Configurations overlap. Configurations on the same bucket cannot share a common "
                        + "event type.");
        // one configuration naming a type and its wildcard
        assertFailure(failure(() -> put(NotificationConfiguration.builder().queueConfigurations(QueueConfiguration
                .builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_CREATED_COPY).build()).build())),
                400, "InvalidArgument", "Configurations overlap. Configurations on the same bucket cannot share a common "
                        + "event type.");
        // overlapping prefixes with overlapping suffixes for a common event type
        assertFailure(failure(() -> put(NotificationConfiguration.builder()
                .queueConfigurations(QueueConfiguration.builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED)
                        .filter(filter("images/", ".jpg")).build())
                .topicConfigurations(TopicConfiguration.builder().topicArn(TOPIC).events(Event.S3_OBJECT_CREATED_PUT)
                        .filter(filter("images/thumbs/", null)).build()).build())),
                400, "InvalidArgument", "Configuration is ambiguously defined. Cannot have overlapping suffixes in two "
                        + "rules if the prefixes are overlapping for the same event type.");
        // disjoint prefixes, or distinct event types, are fine
        put(NotificationConfiguration.builder()
                .queueConfigurations(QueueConfiguration.builder().queueArn(QUEUE).events(Event.S3_OBJECT_CREATED)
                        .filter(filter("images/", null)).build(),
                        QueueConfiguration.builder().queueArn(QUEUE).events(Event.S3_OBJECT_REMOVED).build())
                .topicConfigurations(TopicConfiguration.builder().topicArn(TOPIC).events(Event.S3_OBJECT_CREATED)
                        .filter(filter("docs/", null)).build()).build());
        assertThat(S3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).queueConfigurations()).hasSize(2);
    }

    @Test
    void aMissingBucketOrAnotherAccountsBucket() {
        assertFailure(failure(() -> S3.getBucketNotificationConfiguration(b -> b.bucket("no-such-" + bucket))),
                404, "NoSuchBucket", "The specified bucket does not exist");
        S3Client other = S3TestService.client("111111111111", "us-east-1");
        assertFailure(failure(() -> other.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                .notificationConfiguration(n -> { }))), 403, "AccessDenied", null);
    }
}
