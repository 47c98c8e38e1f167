package dev.overcast.kinesis.tag;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.consumer.ConsumerTags;
import dev.overcast.kinesis.consumer.Consumers;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamTags;
import dev.overcast.kinesis.stream.Streams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.*;

/**
 * Tags of streams: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream (by StreamName or StreamARN); and of
 * streams and enhanced fan-out consumers: TagResource, UntagResource, ListTagsForResource (by ResourceARN).
 */
@AwsApi(api = "kinesis")
public class TagApi {

    private final Streams streams;
    private final StreamTags tags;
    private final TransactionTemplate tx;
    private final Consumers consumers;
    private final ConsumerTags consumerTags;
    private final SuiteClock clock;

    public TagApi(Streams streams, StreamTags tags, TransactionTemplate tx, Consumers consumers, ConsumerTags consumerTags,
                  SuiteClock clock) {
        this.consumers = consumers;
        this.consumerTags = consumerTags;
        this.clock = clock;
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
        if (Consumers.isConsumerArn(r.resourceARN())) {
            Consumers.Located c = consumers.byArn(ctx, r.resourceARN(), clock.now());
            String name = c.consumer().name();
            long stream = c.stream().id();
            add("consumer " + r.resourceARN(), ctx.account(), r.tags(), () -> consumerTags.lock(stream, name),
                    () -> consumerTags.of(stream, name), t -> consumerTags.put(stream, name, t));
        } else {
            add(streams.require(ctx, null, r.resourceARN()), r.tags());
        }
        return TagResourceResponse.builder().build();
    }

    public UntagResourceResponse untagResource(RequestContext ctx, UntagResourceRequest r) {
        StreamTags.checkKeys(r.tagKeys());
        if (Consumers.isConsumerArn(r.resourceARN())) {
            Consumers.Located c = consumers.byArn(ctx, r.resourceARN(), clock.now());
            consumerTags.remove(c.stream().id(), c.consumer().name(), r.tagKeys());
        } else {
            tags.remove(streams.require(ctx, null, r.resourceARN()).id(), r.tagKeys());
        }
        return UntagResourceResponse.builder().build();
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext ctx, ListTagsForResourceRequest r) {
        Map<String, String> found;
        if (Consumers.isConsumerArn(r.resourceARN())) {
            Consumers.Located c = consumers.byArn(ctx, r.resourceARN(), clock.now());
            found = consumerTags.of(c.stream().id(), c.consumer().name());
        } else {
            found = tags.of(streams.require(ctx, null, r.resourceARN()).id());
        }
        return ListTagsForResourceResponse.builder().tags(found.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build();
    }


    /** Adds tags to a stream. */
    private void add(Stream stream, Map<String, String> add) {
        add("stream " + stream.name(), stream.account(), add, () -> tags.lock(stream.id()), () -> tags.of(stream.id()),
                t -> tags.put(stream.id(), t));
    }

    /** Adds tags to a stream or a consumer in one transaction, keeping it at 50 tags at most. */
    private void add(String resource, String account, Map<String, String> add, Runnable lock, Supplier<Map<String, String>> current,
                     java.util.function.Consumer<Map<String, String>> put) {
        StreamTags.check(add);
        // '%' passes the character check but AddTagsToStream refuses it, with a message of its own
        if (add.entrySet().stream().anyMatch(e -> e.getKey().contains("%") || (e.getValue() != null && e.getValue().contains("%")))) {
            throw KinesisErrors.invalidArgument("Failed to add tags to " + resource + " under account "
                    + account + " because some tags contained illegal characters. The allowed characters are "
                    + "Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.");
        }
        tx.executeWithoutResult(s -> {
            lock.run();
            Map<String, String> merged = new LinkedHashMap<>(current.get());
            merged.putAll(add);
            if (merged.size() > StreamTags.PER_STREAM) {
                throw KinesisErrors.invalidArgument("Failed to add tags to " + resource + " under account "
                        + account + " because a given " + resource.substring(0, resource.indexOf(' '))
                        + " cannot have more than " + StreamTags.PER_STREAM + " tags associated with it.");
            }
            put.accept(add);
        });
    }
}
