package dev.overcast.firehose.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Delivery figures in {@code /actuator/prometheus}, per delivery stream: records and bytes delivered, failed attempts,
 * and the age of the oldest buffered record.
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Double> bufferAge = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void delivered(String stream, long records, long bytes) {
        Counter.builder("overcast.firehose.delivered.records").tag("delivery_stream", stream).register(registry)
                .increment(records);
        Counter.builder("overcast.firehose.delivered.bytes").tag("delivery_stream", stream).register(registry)
                .increment(bytes);
    }

    void failed(String stream) {
        Counter.builder("overcast.firehose.delivery.failures").tag("delivery_stream", stream).register(registry).increment();
    }

    /** The age of the stream's oldest buffered record (0 when its buffer is empty). */
    void bufferAge(String stream, double seconds) {
        if (bufferAge.put(stream, seconds) == null) {
            Gauge.builder("overcast.firehose.buffer.age.seconds", bufferAge, m -> m.getOrDefault(stream, 0.0))
                    .tag("delivery_stream", stream).register(registry);
        }
    }
}
