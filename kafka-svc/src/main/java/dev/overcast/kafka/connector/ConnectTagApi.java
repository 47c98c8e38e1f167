package dev.overcast.kafka.connector;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kafka.ConnectErrors;
import dev.overcast.kafka.tag.TagStore;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.kafkaconnect.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.kafkaconnect.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.kafkaconnect.model.TagResourceRequest;
import software.amazon.awssdk.services.kafkaconnect.model.TagResourceResponse;
import software.amazon.awssdk.services.kafkaconnect.model.UntagResourceRequest;
import software.amazon.awssdk.services.kafkaconnect.model.UntagResourceResponse;

/** MSK Connect's tags: on connectors, custom plugins and worker configurations (at most 200 per resource). */
@AwsApi(api = "kafkaconnect")
public class ConnectTagApi {

    static final int MAX_TAGS = 200;

    private final TagStore tags;
    private final ConnectorStore connectors;

    public ConnectTagApi(TagStore tags, ConnectorStore connectors) {
        this.tags = tags;
        this.connectors = connectors;
    }

    public TagResourceResponse tagResource(RequestContext ctx, TagResourceRequest req) {
        require(ctx, req.resourceArn());
        Map<String, String> after = new HashMap<>(tags.tags(req.resourceArn()));
        after.putAll(req.tags());
        TagStore.validate(after, MAX_TAGS);
        tags.put(req.resourceArn(), req.tags());
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest req) {
        require(ctx, req.resourceArn());
        tags.remove(req.resourceArn(), req.tagKeys());
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest req) {
        require(ctx, req.resourceArn());
        return ListTagsForResourceResponse.builder().tags(tags.tags(req.resourceArn())).build();
    }

    private void require(RequestContext ctx, String arn) {
        if (arn == null || !connectors.resourceExists(ctx.account(), ctx.region(), arn)) {
            throw ConnectErrors.notFound("resource", arn);
        }
    }
}
