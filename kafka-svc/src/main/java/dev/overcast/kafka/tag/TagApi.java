package dev.overcast.kafka.tag;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kafka.KafkaErrors;
import java.util.Map;
import software.amazon.awssdk.services.kafka.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.kafka.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.kafka.model.TagResourceRequest;
import software.amazon.awssdk.services.kafka.model.TagResourceResponse;
import software.amazon.awssdk.services.kafka.model.UntagResourceRequest;
import software.amazon.awssdk.services.kafka.model.UntagResourceResponse;

/** Tags: TagResource, UntagResource, ListTagsForResource on clusters and configurations (at most 50 per resource). */
@AwsApi(api = "kafka")
public class TagApi {

    private final TagStore store;

    public TagApi(TagStore store) {
        this.store = store;
    }

    public TagResourceResponse tagResource(RequestContext ctx, TagResourceRequest req) {
        require(ctx, req.resourceArn());
        TagStore.validate(req.tags());
        Map<String, String> after = new java.util.HashMap<>(store.tags(req.resourceArn()));
        after.putAll(req.tags());
        if (after.size() > TagStore.MAX_TAGS) {
            throw KafkaErrors.badRequest("tags", "A resource can have at most " + TagStore.MAX_TAGS + " tags.");
        }
        store.put(req.resourceArn(), req.tags());
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest req) {
        require(ctx, req.resourceArn());
        if (req.tagKeys().isEmpty()) {
            throw KafkaErrors.badRequest("tagKeys", "The tagKeys parameter is required.");
        }
        store.remove(req.resourceArn(), req.tagKeys());
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest req) {
        require(ctx, req.resourceArn());
        return ListTagsForResourceResponse.builder().tags(store.tags(req.resourceArn())).build();
    }

    private void require(RequestContext ctx, String arn) {
        if (arn == null || !store.resourceExists(ctx.account(), ctx.region(), arn)) {
            throw KafkaErrors.notFound("resourceArn", "The requested resource could not be found: " + arn);
        }
    }
}
