package dev.overcast.kinesis.tag;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamTags;
import dev.overcast.kinesis.stream.Streams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * Tags of streams: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream (by StreamName or StreamARN), and
 * TagResource, UntagResource, ListTagsForResource (by ResourceARN).
 */
@AwsApi(api = "kinesis")
public class TagApi {

    private final Streams streams;
    private final StreamTags tags;
    private final TransactionTemplate tx;

    public TagApi(Streams streams, StreamTags tags, TransactionTemplate tx) {
        this.streams = streams;
        this.tags = tags;
        this.tx = tx;
    }

    public AddTagsToStreamResponse addTagsToStream(RequestContext ctx, AddTagsToStreamRequest r) {
        add(streams.require(ctx, r.streamName(), r.streamARN()), r.tags());
        return AddTagsToStreamResponse.builder().build();
    }

    public RemoveTagsFromStreamResponse removeTagsFromStream(RequestContext ctx, RemoveTagsFromStreamRequest r) {
        StreamTags.checkKeys(r.tagKeys());
        tags.remove(streams.require(ctx, r.streamName(), r.streamARN()).id(), r.tagKeys());
        return RemoveTagsFromStreamResponse.builder().build();
    }

    /** Tags in key order after ExclusiveStartTagKey, at most Limit (1–50, default 50), HasMoreTags when cut short. */
    public ListTagsForStreamResponse listTagsForStream(RequestContext ctx, ListTagsForStreamRequest r) {
        Stream stream = streams.require(ctx, r.streamName(), r.streamARN());
        int limit = r.limit() == null ? 50 : r.limit();
        List<Tag> all = tags.of(stream.id()).entrySet().stream()
                .filter(e -> r.exclusiveStartTagKey() == null || e.getKey().compareTo(r.exclusiveStartTagKey()) > 0)
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        return ListTagsForStreamResponse.builder().tags(all.subList(0, Math.min(limit, all.size())))
                .hasMoreTags(all.size() > limit).build();
    }

    public TagResourceResponse tagResource(RequestContext ctx, TagResourceRequest r) {
        add(resource(ctx, r.resourceARN()), r.tags());
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest r) {
        StreamTags.checkKeys(r.tagKeys());
        tags.remove(resource(ctx, r.resourceARN()).id(), r.tagKeys());
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest r) {
        Stream stream = resource(ctx, r.resourceARN());
        return ListTagsForResourceResponse.builder().tags(tags.of(stream.id()).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }

    /** The stream a ResourceARN names (consumer ARNs come with enhanced fan-out). */
    private Stream resource(RequestContext ctx, String arn) {
        if (arn.contains("/consumer/")) {
            throw KinesisErrors.consumerNotFound(arn, ctx.account());
        }
        return streams.require(ctx, null, arn);
    }

    /** Adds tags in one transaction, keeping the stream at 50 tags at most. */
    private void add(Stream stream, Map<String, String> add) {
        StreamTags.check(add);
        // '%' passes the character check but AddTagsToStream refuses it, with a message of its own
        if (add.entrySet().stream().anyMatch(e -> e.getKey().contains("%") || (e.getValue() != null && e.getValue().contains("%")))) {
            throw KinesisErrors.invalidArgument("Failed to add tags to stream " + stream.name() + " under account "
                    + stream.account() + " because some tags contained illegal characters. The allowed characters are "
                    + "Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.");
        }
        tx.executeWithoutResult(s -> {
            tags.lock(stream.id());
            Map<String, String> merged = new LinkedHashMap<>(tags.of(stream.id()));
            merged.putAll(add);
            if (merged.size() > StreamTags.PER_STREAM) {
                throw KinesisErrors.invalidArgument("Failed to add tags to stream " + stream.name() + " under account "
                        + stream.account() + " because a given stream cannot have more than " + StreamTags.PER_STREAM
                        + " tags associated with it.");
            }
            tags.put(stream.id(), add);
        });
    }
}
