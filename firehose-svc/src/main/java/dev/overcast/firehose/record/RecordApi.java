package dev.overcast.firehose.record;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseErrors;
import dev.overcast.firehose.deliverystream.DeliveryStream;
import dev.overcast.firehose.deliverystream.DeliveryStreams;
import dev.overcast.firehose.encryption.BufferKeys;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.firehose.model.*;

/**
 * PutRecord and PutRecordBatch: records are acknowledged once they are committed to the stream's buffer in
 * PostgreSQL; the delivery worker takes them from there.
 */
@AwsApi(api = "firehose")
public class RecordApi {

    /** PutRecordBatch's limit on the whole request: 4 MiB of record data. */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private final DeliveryStreams streams;
    private final BufferStore buffer;
    private final SuiteClock clock;
    private final BufferKeys keys;

    public RecordApi(DeliveryStreams streams, BufferStore buffer, SuiteClock clock, BufferKeys keys) {
        this.streams = streams;
        this.buffer = buffer;
        this.clock = clock;
        this.keys = keys;
    }

    public PutRecordResponse putRecord(RequestContext ctx, PutRecordRequest r) {
        DeliveryStream s = target(ctx, r.deliveryStreamName());
        Instant now = clock.now();
        BufferKeys.Key key = keys.forStream(s, now);
        long batch = buffer.append(s.id(), now, List.of(r.record().data().asByteArrayUnsafe()), key);
        return PutRecordResponse.builder().recordId(recordId(s.id(), batch, 0)).encrypted(key != null).build();
    }

    /** All records of the batch are committed together, so none fails alone: FailedPutCount is 0 once it returns. */
    public PutRecordBatchResponse putRecordBatch(RequestContext ctx, PutRecordBatchRequest r) {
        DeliveryStream s = target(ctx, r.deliveryStreamName());
        List<byte[]> data = new ArrayList<>(r.records().size());
        long total = 0;
        for (software.amazon.awssdk.services.firehose.model.Record rec : r.records()) {
            byte[] bytes = rec.data().asByteArrayUnsafe();
            total += bytes.length;
            data.add(bytes);
        }
        if (total > MAX_BATCH_BYTES) {
            throw FirehoseErrors.invalidArgument("Records size exceeds 4 MB limit: the request holds " + total
                    + " bytes of record data.");
        }
        Instant now = clock.now();
        BufferKeys.Key key = keys.forStream(s, now);
        long batch = buffer.append(s.id(), now, data, key);
        List<PutRecordBatchResponseEntry> entries = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            entries.add(PutRecordBatchResponseEntry.builder().recordId(recordId(s.id(), batch, i)).build());
        }
        return PutRecordBatchResponse.builder().failedPutCount(0).encrypted(key != null).requestResponses(entries).build();
    }

    private DeliveryStream target(RequestContext ctx, String name) {
        DeliveryStream s = streams.requireActive(streams.require(ctx, name));
        if (s.type() == DeliveryStreamType.KINESIS_STREAM_AS_SOURCE || s.type() == DeliveryStreamType.MSK_AS_SOURCE) {
            throw FirehoseErrors.invalidArgument("This operation is not permitted on " + s.type()
                    + " delivery stream type.");
        }
        return s;
    }

    /** An opaque record id: the stream, the record's batch and place in it, and random bits, base64-encoded. */
    static String recordId(long streamId, long batch, int index) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(streamId).putLong(batch).putInt(index).putInt(ThreadLocalRandom.current().nextInt())
                .putLong(ThreadLocalRandom.current().nextLong());
        return Base64.getEncoder().encodeToString(b.array());
    }

}
