package dev.overcast.firehose.deliverystream;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.firehose.FirehoseErrors;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfigurationInput;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.KeyType;

/**
 * Server-side encryption of a delivery stream's buffer (CreateDeliveryStream, StartDeliveryStreamEncryption): the key
 * is recorded and reported; the suite has no KMS, so a CUSTOMER_MANAGED_CMK's ARN is taken as given.
 */
public final class EncryptionSettings {

    private EncryptionSettings() {
    }

    /** The stored configuration for an input, in the given status (ENABLING). */
    public static String of(DeliveryStreamEncryptionConfigurationInput in, DeliveryStreamEncryptionStatus status) {
        KeyType type = in.keyType();
        if (type == KeyType.CUSTOMER_MANAGED_CMK && in.keyARN() == null) {
            throw FirehoseErrors.invalidArgument("KeyARN must be specified when KeyType is CUSTOMER_MANAGED_CMK.");
        }
        if (type == KeyType.AWS_OWNED_CMK && in.keyARN() != null) {
            throw FirehoseErrors.invalidArgument("KeyARN must not be specified when KeyType is AWS_OWNED_CMK.");
        }
        return ModelJson.write(DeliveryStreamEncryptionConfiguration.builder().keyARN(in.keyARN()).keyType(type)
                .status(status).build());
    }
}
