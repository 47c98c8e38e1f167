package dev.overcast.flink.tag;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.ApplicationTags;
import java.util.stream.Collectors;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/** Tags of applications by ARN: TagResource, UntagResource, ListTagsForResource. */
@AwsApi(api = "flink")
public class TagApi {

    private final ApplicationStore applications;
    private final ApplicationTags tags;
    private final TransactionTemplate tx;

    public TagApi(ApplicationStore applications, ApplicationTags tags, TransactionTemplate tx) {
        this.applications = applications;
        this.tags = tags;
        this.tx = tx;
    }

    public TagResourceResponse tagResource(RequestContext ctx, TagResourceRequest r) {
        ApplicationTags.check(r.tags());
        tx.executeWithoutResult(s -> {
            Application app = byArn(ctx, r.resourceARN(), true);
            tags.put(app.id(), r.tags().stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value(), (a, b) -> b)));
        });
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest r) {
        tags.remove(byArn(ctx, r.resourceARN(), false).id(), r.tagKeys());
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest r) {
        return ListTagsForResourceResponse.builder().tags(tags.of(byArn(ctx, r.resourceARN(), false).id()).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    private Application byArn(RequestContext ctx, String arn, boolean lock) {
        String prefix = "arn:aws:kinesisanalytics:" + ctx.region() + ":" + ctx.account() + ":application/";
        if (!arn.startsWith(prefix)) {
            throw FlinkErrors.resourceNotFound("Resource " + arn + " does not exist");
        }
        String name = arn.substring(prefix.length());
        return lock ? applications.lock(ctx, name) : applications.require(ctx, name);
    }
}
