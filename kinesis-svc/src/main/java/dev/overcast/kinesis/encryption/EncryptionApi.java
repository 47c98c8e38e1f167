package dev.overcast.kinesis.encryption;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kinesis.KinesisErrors;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kinesis.stream.Stream;
import dev.overcast.kinesis.stream.StreamStore;
import dev.overcast.kinesis.stream.Streams;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StartStreamEncryptionRequest;
import software.amazon.awssdk.services.kinesis.model.StartStreamEncryptionResponse;
import software.amazon.awssdk.services.kinesis.model.StopStreamEncryptionRequest;
import software.amazon.awssdk.services.kinesis.model.StopStreamEncryptionResponse;

/**
 * Start/StopStreamEncryption: the KMS key id is recorded and reported (EncryptionType and KeyId in DescribeStream,
 * EncryptionType on every PutRecord(s) answer); the stream is UPDATING for the status delay, then ACTIVE. The suite
 * has no KMS, so any key id is taken. As on AWS, a stream takes a new KMS key at most 25 times in a rolling 24 hours.
 */
@AwsApi(api = "kinesis")
public class EncryptionApi {

    /** AWS's limit on applying a new KMS key to one stream, per rolling 24 hours. */
    static final int KEY_CHANGES_PER_DAY = 25;
    private static final String KEY_CHANGE = "encryption";

    private final Streams streams;
    private final StreamStore store;
    private final TransactionTemplate tx;
    private final Duration statusDelay;
    private final SuiteClock clock;

    public EncryptionApi(Streams streams, StreamStore store, TransactionTemplate tx,
                         @Value("${overcast.kinesis.status-delay:300ms}") Duration statusDelay, SuiteClock clock) {
        this.streams = streams;
        this.store = store;
        this.tx = tx;
        this.statusDelay = statusDelay;
        this.clock = clock;
    }

    public StartStreamEncryptionResponse startStreamEncryption(RequestContext ctx, StartStreamEncryptionRequest r) {
        check(r.encryptionType(), r.encryptionTypeAsString());
        change(ctx, r.streamName(), r.streamARN(), EncryptionType.KMS.toString(), r.keyId());
        return StartStreamEncryptionResponse.builder().build();
    }

    public StopStreamEncryptionResponse stopStreamEncryption(RequestContext ctx, StopStreamEncryptionRequest r) {
        check(r.encryptionType(), r.encryptionTypeAsString());
        change(ctx, r.streamName(), r.streamARN(), EncryptionType.NONE.toString(), null);
        return StopStreamEncryptionResponse.builder().build();
    }

    /** KMS is the only encryption type either action takes (the model requires EncryptionType and KeyId). */
    private static void check(EncryptionType type, String typeText) {
        if (type != EncryptionType.KMS) {
            throw KinesisErrors.invalidArgument("Encryption type " + typeText + " is not supported. The only valid value is KMS.");
        }
    }

    private void change(RequestContext ctx, String name, String arn, String type, String keyId) {
        Stream found = streams.require(ctx, name, arn);
        tx.executeWithoutResult(s -> {
            Stream stream = streams.requireActive(ctx, store.lock(found.id())
                    .orElseThrow(() -> KinesisErrors.streamNotFound(found.name(), ctx.account())));
            Instant now = clock.now();
            if (keyId != null) {
                if (store.changesSince(stream.id(), KEY_CHANGE, now.minus(Duration.ofHours(24))) >= KEY_CHANGES_PER_DAY) {
                    throw KinesisErrors.limitExceeded("Exceeded the limit of " + KEY_CHANGES_PER_DAY + " KMS key changes"
                            + " in a rolling 24-hour period for stream " + stream.name() + " under account "
                            + ctx.account() + ".");
                }
                store.recordChange(stream.id(), KEY_CHANGE, now);
            }
            store.setEncryption(stream.id(), type, keyId, now.plus(statusDelay));
        });
    }
}
