package dev.overcast.firehose.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.firehose.FirehoseTestService;
import dev.overcast.firehose.S3Reads;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.KeyType;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Server-side encryption of the buffer: while it is on, what PostgreSQL holds of a put is ciphertext (the records'
 * bytes appear nowhere in the buffer's rows); the data key is kept in the database, so a restarted Firehose still
 * reads the batches, and the delivered object holds the plaintext, in order with what was put after encryption stopped.
 */
class BufferEncryptionTest {

    private static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/" + UUID.randomUUID();

    private final FirehoseClient firehose = FirehoseTestService.client();

    private static Record record(String text) {
        return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
    }

    /** The stream's buffered batches whose stored bytes contain {@code text}. */
    private static int rowsContaining(String name, String text) {
        return FirehoseTestService.jdbc().queryForObject("""
                select count(*) from buffered_batch b join delivery_stream s on s.id = b.stream_id
                where s.name = ? and position(convert_to(?, 'UTF8') in b.data) > 0""", Integer.class, name, text);
    }

    @Test
    void bufferedBatchesAreCiphertextWhileEncryptionIsOnAndDeliveredAsPlaintext() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("sse");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN(KEY_ARN))
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(5).intervalInSeconds(60))));
        String secret = "secret-" + UUID.randomUUID();
        PutRecordBatchResponse batch = firehose.putRecordBatch(b -> b.deliveryStreamName(name)
                .records(record(secret + "-1\n"), record(secret + "-2\n")));
        assertThat(batch.encrypted()).isTrue();
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(record(secret + "-3\n"))).encrypted()).isTrue();

        JdbcTemplate jdbc = FirehoseTestService.jdbc();
        assertThat(jdbc.queryForList("""
                select b.key_id from buffered_batch b join delivery_stream s on s.id = b.stream_id where s.name = ?""",
                Long.class, name)).hasSize(2).doesNotContainNull();
        assertThat(rowsContaining(name, secret)).as("buffer rows holding the plaintext").isZero();
        assertThat(jdbc.queryForObject("select count(*) from encryption_key where key_ref = ?", Integer.class, KEY_ARN))
                .isEqualTo(1);

        // once encryption is stopped, new puts are stored as they came; the sealed ones stay sealed
        firehose.stopDeliveryStreamEncryption(b -> b.deliveryStreamName(name));
        String clear = "clear-" + UUID.randomUUID();
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(record(clear + "\n"))).encrypted()).isFalse();
        assertThat(rowsContaining(name, clear)).isEqualTo(1);
        assertThat(rowsContaining(name, secret)).isZero();

        // a new Firehose (no key in memory) reads the sealed batches with the key kept in the database
        FirehoseTestService.restartFirehose();
        FirehoseTestService.advanceClock(Duration.ofSeconds(61));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 1);
        assertThat(objects).hasSize(1);
        assertThat(S3Reads.text(bucket, objects.getFirst().key()))
                .isEqualTo(secret + "-1\n" + secret + "-2\n" + secret + "-3\n" + clear + "\n");
    }

    @Test
    void startDeliveryStreamEncryptionSealsLaterPutsWithFirehosesOwnKey() {
        String bucket = FirehoseTestService.bucket();
        String name = FirehoseTestService.name("sse");
        firehose.createDeliveryStream(b -> b.deliveryStreamName(name)
                .extendedS3DestinationConfiguration(d -> d.bucketARN(bucket).roleARN("arn:aws:iam::000000000000:role/f")
                        .bufferingHints(h -> h.sizeInMBs(5).intervalInSeconds(60))));
        String before = "before-" + UUID.randomUUID();
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(record(before + "\n"))).encrypted()).isFalse();
        firehose.startDeliveryStreamEncryption(b -> b.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.AWS_OWNED_CMK)));
        String after = "after-" + UUID.randomUUID();
        assertThat(firehose.putRecord(b -> b.deliveryStreamName(name).record(record(after + "\n"))).encrypted()).isTrue();
        assertThat(rowsContaining(name, before)).isEqualTo(1);
        assertThat(rowsContaining(name, after)).isZero();

        FirehoseTestService.advanceClock(Duration.ofSeconds(61));
        List<S3Object> objects = S3Reads.awaitObjects(bucket, 1);
        assertThat(S3Reads.text(bucket, objects.getFirst().key())).isEqualTo(before + "\n" + after + "\n");
    }
}
