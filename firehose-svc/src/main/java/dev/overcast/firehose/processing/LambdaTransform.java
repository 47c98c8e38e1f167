package dev.overcast.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A Lambda processor: the suite has no Lambda, so the function's ARN maps to an HTTP URL
 * ({@code OVERCAST_LAMBDA_ENDPOINTS}) that receives Firehose's transformation event
 * ({@code invocationId, deliveryStreamArn, region, records[].recordId/approximateArrivalTimestamp/data}) as a POST and
 * answers as the function would ({@code records[].recordId/result/data/metadata.partitionKeys}). Records go in
 * invocations of at most BufferSizeInMBs; a failed invocation is retried NumberOfRetries times, then its records fail
 * (processing-failed) as they do on AWS.
 */
final class LambdaTransform {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String PROCESSING_FAILED = "processing-failed";

    private final String arn;
    private final String url;
    private final int retries;
    private final long maxBytes;
    private final Supplier<Instant> clock;

    LambdaTransform(String arn, String url, int retries, long maxBytes, Supplier<Instant> clock) {
        this.clock = clock;
        this.arn = arn;
        this.url = url;
        this.retries = retries;
        this.maxBytes = maxBytes;
    }

    /** Transforms the records, invocation by invocation; adds what failed to {@code failed}. */
    List<Item> apply(String streamArn, String region, List<Item> items, List<Failure> failed) {
        List<Item> out = new ArrayList<>(items.size());
        List<Item> batch = new ArrayList<>();
        long bytes = 0;
        for (Item item : items) {
            long size = eventBytes(item.data());
            if (!batch.isEmpty() && bytes + size > maxBytes) {
                out.addAll(invoke(streamArn, region, batch, failed));
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(item);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            out.addAll(invoke(streamArn, region, batch, failed));
        }
        return out;
    }

    /** About what a record takes in the transformation event: its data base64-encoded, its id and timestamp. */
    static long eventBytes(byte[] data) {
        return data.length * 4L / 3 + 100;
    }

    private List<Item> invoke(String streamArn, String region, List<Item> batch, List<Failure> failed) {
        if (url == null) {
            fail(batch, failed, "Lambda.FunctionNotFound", "Function not found: " + arn
                    + " (OVERCAST_LAMBDA_ENDPOINTS maps no URL to it)", 1);
            return List.of();
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("invocationId", UUID.randomUUID().toString()).put("deliveryStreamArn", streamArn).put("region", region);
        ArrayNode records = event.putArray("records");
        for (Item i : batch) {
            records.addObject().put("recordId", i.recordId()).put("approximateArrivalTimestamp", i.arrivedAt().toEpochMilli())
                    .put("data", Base64.getEncoder().encodeToString(i.data()));
        }
        String body = event.toString();
        String error = null;
        int attempts = 0;
        while (attempts <= retries) {
            attempts++;
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return answer(batch, r.body(), failed, attempts);
                }
                error = "The Lambda function answered HTTP " + r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                error = "The Lambda function could not be invoked: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
        }
        fail(batch, failed, "Lambda.FunctionError", error, attempts);
        return List.of();
    }

    /** Reads the function's answer: Ok records go on (with their new data and keys), Dropped ones end, the rest fail. */
    private List<Item> answer(List<Item> batch, String body, List<Failure> failed, int attempts) {
        Map<String, JsonNode> byId = new HashMap<>();
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode r : root.path("records")) {
                if (byId.put(r.path("recordId").asText(), r) != null) {
                    fail(batch, failed, "Lambda.DuplicatedRecordId", "Duplicate record id " + r.path("recordId").asText()
                            + " in the Lambda function's answer", attempts);
                    return List.of();
                }
            }
        } catch (IOException e) {
            fail(batch, failed, "Lambda.JsonProcessingException", "The Lambda function's answer is not JSON: " + e.getMessage(),
                    attempts);
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        for (Item i : batch) {
            JsonNode r = byId.get(i.recordId());
            if (r == null) {
                failed.add(failure(i, "Lambda.MissingRecordId", "Record id " + i.recordId() + " is missing from the answer",
                        attempts));
                continue;
            }
            switch (r.path("result").asText()) {
                case "Ok" -> {
                    Map<String, String> keys = new LinkedHashMap<>(i.partitionKeys());
                    r.path("metadata").path("partitionKeys").properties().forEach(e -> keys.put(e.getKey(), e.getValue().asText()));
                    byte[] data;
                    try {
                        data = Base64.getDecoder().decode(r.path("data").asText());
                    } catch (IllegalArgumentException e) {
                        failed.add(failure(i, "Lambda.InvalidBase64", "The data of record " + i.recordId()
                                + " is not base64", attempts));
                        continue;
                    }
                    out.add(i.withData(data).withKeys(keys));
                }
                case "Dropped" -> {
                }
                case "ProcessingFailed" -> failed.add(failure(i, "Lambda.ProcessingFailedStatus",
                        "ProcessingFailed status set for record", attempts));
                default -> failed.add(failure(i, "Lambda.InvalidRecordResult", "Record " + i.recordId()
                        + " has the result '" + r.path("result").asText() + "' (Ok, Dropped or ProcessingFailed)", attempts));
            }
        }
        return out;
    }

    private void fail(List<Item> batch, List<Failure> failed, String code, String message, int attempts) {
        batch.forEach(i -> failed.add(failure(i, code, message, attempts)));
    }

    private Failure failure(Item i, String code, String message, int attempts) {
        return new Failure(i, PROCESSING_FAILED, code, message, attempts, clock.get(), arn);
    }
}
