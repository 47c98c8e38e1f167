package dev.overcast.firehose.processing;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.firehose.FirehoseErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.thisptr.jackson.jq.JsonQuery;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;

/**
 * A destination's ProcessingConfiguration: RecordDeAggregation, then Lambda, then MetadataExtraction (JQ), then
 * AppendDelimiterToRecord, whatever their order in the list, as Firehose runs them. {@link #check} holds a
 * configuration to Firehose's rules when it is given; {@link #apply} runs it on a buffer at delivery.
 */
@Component
public class Processors {

    static final String PARTITIONING_FAILED = "partitioning-failed";
    private static final int MIN_DYNAMIC_BUFFER_MB = 64;

    private final Map<String, String> lambdaUrls;
    private final SuiteClock clock;

    public Processors(@Value("${overcast.firehose.lambda-endpoints}") String lambdaEndpoints, SuiteClock clock) {
        this.lambdaUrls = parseEndpoints(lambdaEndpoints);
        this.clock = clock;
    }

    /** {@code arn=url,arn=url} */
    static Map<String, String> parseEndpoints(String spec) {
        Map<String, String> urls = new HashMap<>();
        if (spec != null) {
            for (String pair : spec.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    urls.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return urls;
    }

    /** Whether the destination's processing configuration has processors to run. */
    public static boolean enabled(ProcessingConfiguration c) {
        return c != null && Boolean.TRUE.equals(c.enabled()) && c.hasProcessors() && !c.processors().isEmpty();
    }

    /** Checks a destination's processors and dynamic partitioning against Firehose's rules. */
    public static void check(ProcessingConfiguration processing, boolean dynamicPartitioning, BufferingHints hints) {
        if (dynamicPartitioning && hints != null && hints.sizeInMBs() != null && hints.sizeInMBs() < MIN_DYNAMIC_BUFFER_MB) {
            throw FirehoseErrors.invalidArgument("BufferingHints.SizeInMBs must be at least " + MIN_DYNAMIC_BUFFER_MB
                    + " when Dynamic Partitioning is enabled.");
        }
        if (!enabled(processing)) {
            return;
        }
        for (Processor p : processing.processors()) {
            ProcessorParameters params = ProcessorParameters.of(p);
            switch (p.typeAsString()) {
                case "Lambda" -> {
                    params.require("LambdaArn");
                    params.number("NumberOfRetries", 3, 0, 300);
                    params.number("BufferSizeInMBs", 1, 0.2, 3);
                    params.number("BufferIntervalInSeconds", 60, 0, 900);
                }
                case "MetadataExtraction" -> {
                    if (!dynamicPartitioning) {
                        throw FirehoseErrors.invalidArgument("The MetadataExtraction processor can only be used when "
                                + "dynamic partitioning is enabled.");
                    }
                    if (!"JQ-1.6".equals(params.require("JsonParsingEngine"))) {
                        throw FirehoseErrors.invalidArgument("JsonParsingEngine must be JQ-1.6.");
                    }
                    JqPartitioning.compile(params.require("MetadataExtractionQuery"));
                }
                case "AppendDelimiterToRecord" -> delimiter(params, "\n");
                case "RecordDeAggregation" -> {
                    String type = params.require("SubRecordType");
                    if (!type.equals("JSON") && !type.equals("DELIMITED")) {
                        throw FirehoseErrors.invalidArgument("SubRecordType must be JSON or DELIMITED.");
                    }
                    if (type.equals("DELIMITED")) {
                        params.require("Delimiter");
                        delimiter(params, null);
                    }
                }
                default -> throw FirehoseErrors.unsupported("The " + p.typeAsString() + " processor");
            }
        }
    }

    /** The Delimiter parameter, base64-encoded as Firehose takes it (or the default when not given). */
    private static byte[] delimiter(ProcessorParameters params, String defaultValue) {
        String v = params.get("Delimiter");
        if (v == null) {
            return defaultValue.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw FirehoseErrors.invalidArgument("The Delimiter of processor " + params.processor()
                    + " must be base64-encoded, not '" + v + "'.");
        }
    }

    private static ProcessorParameters find(ProcessingConfiguration c, String type) {
        for (Processor p : c.processors()) {
            if (p.typeAsString().equals(type)) {
                return ProcessorParameters.of(p);
            }
        }
        return null;
    }

    /**
     * Whether a streamed delivery's batch for the processors ({@link #apply}) is full before {@code next} is added: a
     * batch is about one invocation of the Lambda processor (BufferSizeInMBs of the transformation event), else 1 MiB.
     */
    public static boolean batchFull(ProcessingConfiguration c, long batchEventBytes, byte[] next) {
        ProcessorParameters lambda = find(c, "Lambda");
        double mb = lambda == null ? 1 : lambda.number("BufferSizeInMBs", 1, 0.2, 3);
        return batchEventBytes > 0 && batchEventBytes + LambdaTransform.eventBytes(next) > mb * 1024 * 1024;
    }

    /** What a record counts towards a batch of {@link #batchFull}. */
    public static long eventBytes(byte[] data) {
        return LambdaTransform.eventBytes(data);
    }

    /** Runs the processors on a buffer's records. */
    public Outcome apply(String streamArn, String region, ProcessingConfiguration processing, boolean dynamicPartitioning,
                         List<Item> items) {
        List<Failure> failed = new ArrayList<>();
        if (!enabled(processing)) {
            return new Outcome(items, failed);
        }
        List<Item> current = items;
        ProcessorParameters deagg = find(processing, "RecordDeAggregation");
        if (deagg != null) {
            current = deaggregate(deagg, current, failed);
        }
        ProcessorParameters lambda = find(processing, "Lambda");
        if (lambda != null) {
            String arn = lambda.require("LambdaArn");
            current = new LambdaTransform(arn, lambdaUrls.get(arn), (int) lambda.number("NumberOfRetries", 3, 0, 300),
                    (long) (lambda.number("BufferSizeInMBs", 1, 0.2, 3) * 1024 * 1024), clock::now)
                    .apply(streamArn, region, current, failed);
        }
        ProcessorParameters metadata = find(processing, "MetadataExtraction");
        if (metadata != null && dynamicPartitioning) {
            current = extract(JqPartitioning.compile(metadata.require("MetadataExtractionQuery")), current, failed);
        }
        ProcessorParameters append = find(processing, "AppendDelimiterToRecord");
        if (append != null) {
            byte[] d = delimiter(append, "\n");
            current = current.stream().map(i -> {
                byte[] data = new byte[i.data().length + d.length];
                System.arraycopy(i.data(), 0, data, 0, i.data().length);
                System.arraycopy(d, 0, data, i.data().length, d.length);
                return i.withData(data);
            }).toList();
        }
        return new Outcome(current, failed);
    }

    private List<Item> deaggregate(ProcessorParameters params, List<Item> items, List<Failure> failed) {
        boolean json = "JSON".equals(params.get("SubRecordType"));
        byte[] delimiter = json ? null : delimiter(params, null);
        List<Item> out = new ArrayList<>();
        for (Item i : items) {
            try {
                List<byte[]> parts = json ? Deaggregation.json(i.data()) : Deaggregation.delimited(i.data(), delimiter);
                for (int n = 0; n < parts.size(); n++) {
                    out.add(new Item(i.recordId() + "." + n, i.arrivedAt(), parts.get(n), i.partitionKeys(), i.raw()));
                }
            } catch (IOException e) {
                failed.add(new Failure(i, LambdaTransform.PROCESSING_FAILED, "DeAggregation.InvalidRecord",
                        "The record is not a sequence of JSON objects: " + e.getMessage(), 1, clock.now(), null));
            }
        }
        return out;
    }

    private List<Item> extract(JsonQuery query, List<Item> items, List<Failure> failed) {
        List<Item> out = new ArrayList<>(items.size());
        for (Item i : items) {
            try {
                Map<String, String> keys = new LinkedHashMap<>(i.partitionKeys());
                keys.putAll(JqPartitioning.keys(query, i.data()));
                out.add(i.withKeys(keys));
            } catch (JqPartitioning.KeyException e) {
                failed.add(new Failure(i, PARTITIONING_FAILED, "DynamicPartitioning.MetadataExtractionFailed",
                        e.getMessage(), 1, clock.now(), null));
            }
        }
        return out;
    }
}
