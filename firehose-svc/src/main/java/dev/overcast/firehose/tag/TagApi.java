package dev.overcast.firehose.tag;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.deliverystream.DeliveryStreamTags;
import dev.overcast.firehose.deliverystream.DeliveryStreams;
import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.firehose.model.*;

/** Tags of delivery streams: TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream. */
@AwsApi(api = "firehose")
public class TagApi {

    private final DeliveryStreams streams;
    private final DeliveryStreamTags tags;
    private final TransactionTemplate tx;

    public TagApi(DeliveryStreams streams, DeliveryStreamTags tags, TransactionTemplate tx) {
        this.streams = streams;
        this.tags = tags;
        this.tx = tx;
    }

    /** Adds or replaces tags; more than 50 in all is LimitExceededException and changes nothing. */
    public TagDeliveryStreamResponse tagDeliveryStream(RequestContext ctx, TagDeliveryStreamRequest r) {
        tx.executeWithoutResult(s -> tags.put(streams.lock(ctx, r.deliveryStreamName()), r.tags()));
        return TagDeliveryStreamResponse.builder().build();
    }

    public UntagDeliveryStreamResponse untagDeliveryStream(RequestContext ctx, UntagDeliveryStreamRequest r) {
        tags.remove(streams.require(ctx, r.deliveryStreamName()).id(), r.tagKeys());
        return UntagDeliveryStreamResponse.builder().build();
    }

    /** Tags in key order after ExclusiveStartTagKey, at most Limit (default 50), HasMoreTags when cut short. */
    public ListTagsForDeliveryStreamResponse listTagsForDeliveryStream(RequestContext ctx,
                                                                       ListTagsForDeliveryStreamRequest r) {
        DeliveryStream stream = streams.require(ctx, r.deliveryStreamName());
        int limit = r.limit() == null ? DeliveryStreamTags.MAX_TAGS : r.limit();
        List<Tag> all = tags.of(stream.id()).entrySet().stream()
                .filter(e -> r.exclusiveStartTagKey() == null || e.getKey().compareTo(r.exclusiveStartTagKey()) > 0)
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        return ListTagsForDeliveryStreamResponse.builder().tags(all.subList(0, Math.min(limit, all.size())))
                .hasMoreTags(all.size() > limit).build();
    }
}
