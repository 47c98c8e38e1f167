package jobs;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;

/**
 * A Managed Flink application as users write one: its settings from KinesisAnalyticsRuntime's property groups, reads
 * a Kinesis stream, counts records per key in keyed state, writes "label|CODE|key=count" to another stream. The code
 * "broken" fails in main; the record "poison" fails the job every time it is read, and so does the record named by the
 * optional property "failOn".
 */
public class CountingJob {

    static final String CODE = "@CODE@";

    public static void main(String[] args) throws Exception {
        if (CODE.equals("broken")) {
            throw new IllegalStateException("this version of the job is broken");
        }
        Map<String, Properties> groups = KinesisAnalyticsRuntime.getApplicationProperties();
        Properties job = groups.get("job");
        String label = job.getProperty("label");
        Properties aws = new Properties();
        aws.setProperty("aws.region", job.getProperty("region"));
        aws.setProperty("aws.endpoint", job.getProperty("endpoint"));
        Properties consumer = new Properties();
        consumer.putAll(aws);
        consumer.setProperty("flink.stream.initpos", "TRIM_HORIZON");
        consumer.setProperty("flink.shard.getrecords.intervalmillis", "200");
        consumer.setProperty("flink.shard.discovery.intervalmillis", "1000");
        Properties producer = new Properties();
        producer.putAll(aws);
        producer.setProperty("aws.http.protocol.version", "HTTP1_1");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.addSource(new FlinkKinesisConsumer<>(job.getProperty("input"), new SimpleStringSchema(), consumer)).uid("source")
                .keyBy(s -> s)
                .map(new Count(label, job.getProperty("failOn", "poison"))).uid("count")
                .sinkTo(KinesisStreamsSink.<String>builder().setKinesisClientProperties(producer)
                        .setSerializationSchema(new SimpleStringSchema()).setStreamName(job.getProperty("output"))
                        .setPartitionKeyGenerator(s -> s.substring(s.lastIndexOf('|') + 1)).build()).uid("sink");
        env.execute("counting " + label);
    }

    /** The count per key, in Flink's keyed state (what a savepoint carries across restarts). */
    public static class Count extends RichMapFunction<String, String> {
        private final String label;
        private final String failOn;
        private transient ValueState<Long> count;

        public Count(String label, String failOn) {
            this.label = label;
            this.failOn = failOn;
        }

        @Override
        public void open(Configuration parameters) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public String map(String key) throws Exception {
            if (key.equals("poison") || key.equals(failOn)) {
                throw new IllegalArgumentException("poison record " + key);
            }
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            return label + "|" + CODE + "|" + key + "=" + n;
        }
    }
}
