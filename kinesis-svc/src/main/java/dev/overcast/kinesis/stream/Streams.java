package dev.overcast.kinesis.stream;

import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import java.time.Instant;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Finds the stream an action names, by StreamName or StreamARN (every action that takes one takes the other), in
 * the caller's account and region.
 */
@Component
public class Streams {

    private final StreamStore store;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public Streams(StreamStore store, SuiteClock clock, TransactionTemplate tx) {
        this.store = store;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Changes the stream named in one transaction, its row locked (changes of one stream take turns) and ACTIVE, or
     * ResourceInUseException.
     */
    public void changeActive(RequestContext ctx, String name, String arn, Consumer<Stream> change) {
        Stream found = require(ctx, name, arn);
        tx.executeWithoutResult(s -> change.accept(requireActive(ctx, store.lock(found.id())
                .orElseThrow(() -> KinesisErrors.streamNotFound(found.name(), ctx.account())))));
    }

    /** The stream named, whatever its status, unless deleted and past its DELETING phase. */
    public Stream require(RequestContext ctx, String name, String arn) {
        String resolved = name(ctx, name, arn);
        Instant now = clock.now();
        return store.find(ctx.account(), ctx.region(), resolved).filter(s -> !s.gone(now))
                .orElseThrow(() -> KinesisErrors.streamNotFound(resolved, ctx.account()));
    }

    /** For records in and out: a stream still CREATING is not found yet; an UPDATING one reads and writes as on AWS. */
    public Stream requireReadable(RequestContext ctx, String name, String arn) {
        Stream s = require(ctx, name, arn);
        if (s.status(clock.now()) == StreamStatus.CREATING) {
            throw KinesisErrors.streamNotFound(s.name(), ctx.account());
        }
        return s;
    }

    /** For changes to a stream: it must be ACTIVE. */
    public Stream requireActive(RequestContext ctx, String name, String arn) {
        return requireActive(ctx, require(ctx, name, arn));
    }

    /** The stream as read (under its lock, say), which must be ACTIVE. */
    public Stream requireActive(RequestContext ctx, Stream s) {
        Instant now = clock.now();
        if (!s.active(now)) {
            throw KinesisErrors.resourceInUse("Stream " + s.name() + " under account " + ctx.account()
                    + " not ACTIVE, instead in state " + s.status(now));
        }
        return s;
    }

    /**
     * The stream name a request means: StreamName, or the name in StreamARN (which must be a stream of the
     * caller's account and region). With both, they must agree.
     */
    public static String name(RequestContext ctx, String name, String arn) {
        if (arn == null) {
            if (name == null) {
                throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
            }
            return name;
        }
        String[] parts = arn.split(":", 6);
        String arnName = parts.length == 6 && parts[5].startsWith("stream/") ? parts[5].substring("stream/".length()) : null;
        if (arnName == null || arnName.isEmpty() || arnName.contains("/")) {
            throw KinesisErrors.invalidArgument("Invalid StreamARN " + arn + ".");
        }
        if (!parts[3].equals(ctx.region()) || !parts[4].equals(ctx.account())) {
            throw KinesisErrors.streamNotFound(arnName, parts[4]);
        }
        if (name != null && !name.equals(arnName)) {
            throw KinesisErrors.invalidArgument("StreamARN " + arn + " and StreamName " + name
                    + " do not refer to the same stream.");
        }
        return arnName;
    }
}
