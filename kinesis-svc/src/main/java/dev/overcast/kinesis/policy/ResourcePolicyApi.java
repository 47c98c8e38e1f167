package dev.overcast.kinesis.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.consumer.ConsumerStore;
import dev.overcast.kinesis.consumer.Consumers;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.DeleteResourcePolicyRequest;
import software.amazon.awssdk.services.kinesis.model.DeleteResourcePolicyResponse;
import software.amazon.awssdk.services.kinesis.model.GetResourcePolicyRequest;
import software.amazon.awssdk.services.kinesis.model.GetResourcePolicyResponse;
import software.amazon.awssdk.services.kinesis.model.PutResourcePolicyRequest;
import software.amazon.awssdk.services.kinesis.model.PutResourcePolicyResponse;

/**
 * Put/Get/DeleteResourcePolicy of a stream or a consumer (by its ARN). The policy is kept as sent and handed back;
 * the suite has no IAM, so it grants and denies nothing.
 */
@AwsApi(api = "kinesis")
public class ResourcePolicyApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Streams streams;
    private final StreamStore store;
    private final Consumers consumers;
    private final ConsumerStore consumerStore;
    private final SuiteClock clock;

    public ResourcePolicyApi(Streams streams, StreamStore store, Consumers consumers, ConsumerStore consumerStore, SuiteClock clock) {
        this.streams = streams;
        this.store = store;
        this.consumers = consumers;
        this.consumerStore = consumerStore;
        this.clock = clock;
    }

    public PutResourcePolicyResponse putResourcePolicy(RequestContext ctx, PutResourcePolicyRequest r) {
        checkDocument(r.policy());
        set(ctx, r.resourceARN(), r.policy());
        return PutResourcePolicyResponse.builder().build();
    }

    /** The policy as put; a resource without one answers an empty policy, {}. */
    public GetResourcePolicyResponse getResourcePolicy(RequestContext ctx, GetResourcePolicyRequest r) {
        String arn = r.resourceARN();
        Optional<String> policy;
        if (Consumers.isConsumerArn(arn)) {
            Consumers.Located c = consumers.byArn(ctx, arn, clock.now());
            policy = consumerStore.policy(c.stream().id(), c.consumer().name());
        } else {
            policy = store.policy(streams.require(ctx, null, arn).id());
        }
        return GetResourcePolicyResponse.builder().policy(policy.orElse("{}")).build();
    }

    public DeleteResourcePolicyResponse deleteResourcePolicy(RequestContext ctx, DeleteResourcePolicyRequest r) {
        set(ctx, r.resourceARN(), null);
        return DeleteResourcePolicyResponse.builder().build();
    }

    private void set(RequestContext ctx, String arn, String policy) {
        if (Consumers.isConsumerArn(arn)) {
            Consumers.Located c = consumers.byArn(ctx, arn, clock.now());
            consumerStore.setPolicy(c.stream().id(), c.consumer().name(), policy);
        } else {
            Stream stream = streams.require(ctx, null, arn);
            store.setPolicy(stream.id(), policy);
        }
    }

    /** A policy is a JSON document (an object). */
    private static void checkDocument(String policy) {
        JsonNode doc;
        try {
            doc = JSON.readTree(policy);
        } catch (IOException e) {
            throw KinesisErrors.invalidArgument("Policy is not a valid JSON document.");
        }
        if (doc == null || !doc.isObject()) {
            throw KinesisErrors.invalidArgument("Policy is not a valid JSON document.");
        }
    }
}
