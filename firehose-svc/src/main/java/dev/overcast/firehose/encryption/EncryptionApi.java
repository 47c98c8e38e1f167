package dev.overcast.firehose.encryption;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseErrors;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.deliverystream.DeliveryStreamStore;
import dev.overcast.firehose.deliverystream.DeliveryStreams;
import dev.overcast.firehose.deliverystream.EncryptionSettings;
import java.time.Instant;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.firehose.model.*;

/**
 * Server-side encryption of a DirectPut stream: StartDeliveryStreamEncryption (ENABLING, then ENABLED) and
 * StopDeliveryStreamEncryption (DISABLING, then DISABLED).
 */
@AwsApi(api = "firehose")
public class EncryptionApi {

    private final DeliveryStreams streams;
    private final DeliveryStreamStore store;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public EncryptionApi(DeliveryStreams streams, DeliveryStreamStore store, TransactionTemplate tx, SuiteClock clock) {
        this.streams = streams;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public StartDeliveryStreamEncryptionResponse startDeliveryStreamEncryption(RequestContext ctx,
                                                                               StartDeliveryStreamEncryptionRequest r) {
        DeliveryStreamEncryptionConfigurationInput in = r.deliveryStreamEncryptionConfigurationInput() != null
                ? r.deliveryStreamEncryptionConfigurationInput()
                : DeliveryStreamEncryptionConfigurationInput.builder().keyType(KeyType.AWS_OWNED_CMK).build();
        String encryption = EncryptionSettings.of(in, DeliveryStreamEncryptionStatus.ENABLING);
        change(ctx, r.deliveryStreamName(), encryption);
        return StartDeliveryStreamEncryptionResponse.builder().build();
    }

    public StopDeliveryStreamEncryptionResponse stopDeliveryStreamEncryption(RequestContext ctx,
                                                                             StopDeliveryStreamEncryptionRequest r) {
        String encryption = ModelJson.write(DeliveryStreamEncryptionConfiguration.builder()
                .status(DeliveryStreamEncryptionStatus.DISABLING).build());
        change(ctx, r.deliveryStreamName(), encryption);
        return StopDeliveryStreamEncryptionResponse.builder().build();
    }

    private void change(RequestContext ctx, String name, String encryption) {
        tx.executeWithoutResult(s -> {
            DeliveryStream stream = streams.requireActive(streams.lock(ctx, name));
            if (stream.type() != DeliveryStreamType.DIRECT_PUT) {
                throw FirehoseErrors.invalidArgument("This operation is not supported for delivery streams of type "
                        + stream.type() + ": server-side encryption applies to DirectPut streams.");
            }
            Instant now = clock.now();
            DeliveryStreamEncryptionStatus current = stream.encryptionConfiguration(now).status();
            if (current == DeliveryStreamEncryptionStatus.ENABLING || current == DeliveryStreamEncryptionStatus.DISABLING) {
                throw FirehoseErrors.resourceInUse("Firehose " + name + " under account " + ctx.account()
                        + " is " + current + " encryption; wait until it is done.");
            }
            store.updateEncryption(stream.id(), encryption, now.plus(streams.statusDelay()));
        });
    }
}
