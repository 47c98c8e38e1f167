package dev.overcast.kafka.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.overcast.common.auth.Principal;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.RequestIds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.kafka.KafkaClient;

/**
 * The check behind MSK's {@code AWS_MSK_IAM} SASL mechanism, called by the brokers' IAM plugin (engine-kafka-iam)
 * through {@code POST /_overcast/kafka/iam}. The payload an aws-msk-iam-auth client sends is a SigV4-presigned
 * {@code GET /?Action=kafka-cluster:Connect} for the broker's host, signed for the service {@code kafka-cluster},
 * with its query parameters as lower-case JSON keys beside {@code version} ({@code 2020_10_22}), {@code host} and
 * {@code user-agent}. The presigned request is rebuilt from them and goes through common's SigV4 code with the
 * suite's keys: verified in verify mode ({@code OVERCAST_SIGV4=verify}: unknown key, bad signature, expired payload
 * refused), read for the caller's account otherwise. The answer is MSK's JSON ({@code version}, {@code request-id}).
 */
@Component
public class IamPayloadCheck {

    /** The only payload version aws-msk-iam-auth speaks, and the version of the answer. */
    static final String VERSION = "2020_10_22";
    static final String ACTION = "kafka-cluster:Connect";
    /** The service the payload is signed for. */
    static final AwsApiDescriptor KAFKA_CLUSTER = AwsApiDescriptor.restJson("kafka-cluster", "kafka-cluster", KafkaClient.class);

    /** Lower-case payload key → the presigned request's query parameter. */
    private static final Map<String, String> QUERY = new LinkedHashMap<>();

    static {
        QUERY.put("action", "Action");
        QUERY.put("x-amz-algorithm", "X-Amz-Algorithm");
        QUERY.put("x-amz-credential", "X-Amz-Credential");
        QUERY.put("x-amz-date", "X-Amz-Date");
        QUERY.put("x-amz-expires", "X-Amz-Expires");
        QUERY.put("x-amz-security-token", "X-Amz-Security-Token");
        QUERY.put("x-amz-signedheaders", "X-Amz-SignedHeaders");
        QUERY.put("x-amz-signature", "X-Amz-Signature");
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final SigV4Authenticator authenticator;
    private volatile int port = -1;

    public IamPayloadCheck(SigV4Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The authenticated caller and the answer for the client. */
    public record Accepted(String principal, byte[] response) {
    }

    /** A payload refused, with the reason the client is told. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Checks a client's payload.
     *
     * @throws Refused when the payload is malformed, or (in verify mode) its key is unknown, its signature wrong or
     *                 it has expired
     */
    public Accepted check(byte[] payload) {
        Map<String, String> fields = parse(payload);
        if (!VERSION.equals(fields.get("version"))) {
            throw new Refused("Invalid authentication payload: unsupported version " + fields.get("version"));
        }
        if (!ACTION.equals(fields.get("action"))) {
            throw new Refused("Invalid authentication payload: the action must be " + ACTION);
        }
        for (String required : List.of("host", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires",
                "x-amz-signedheaders", "x-amz-signature")) {
            if (fields.get(required) == null || fields.get(required).isEmpty()) {
                throw new Refused("Invalid authentication payload: " + required + " is missing");
            }
        }
        Principal principal;
        try {
            principal = authenticator.authenticate(new PresignedConnect(fields), KAFKA_CLUSTER).principal();
        } catch (AwsException e) {
            throw new Refused(e.code() + ": " + e.getMessage());
        }
        // Kafka's principal for the connection (what ACLs name): the caller as an IAM user of its account
        String name = "arn:aws:iam::" + principal.accountId() + ":user/" + principal.accessKeyId();
        return new Accepted(name, answer());
    }

    private static byte[] answer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", VERSION);
            g.writeStringField("request-id", RequestIds.uuid());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A flat JSON object of strings; anything else is refused. */
    private static Map<String, String> parse(byte[] payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Refused("Invalid authentication payload: not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new Refused("Invalid authentication payload: " + name + " is not a string");
                }
                fields.put(name, p.getText());
            }
        } catch (IOException e) {
            throw new Refused("Invalid authentication payload: not JSON");
        }
        return fields;
    }

    /** Where the brokers' IAM plugin reaches this check: the service's own port on loopback. */
    public String url() {
        if (port < 0) {
            throw new IllegalStateException("The service's web server has not started: no address for the IAM payload check");
        }
        return "http://127.0.0.1:" + port + IamServlet.PATH;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** The presigned request the payload stands for: {@code GET https://<host>/?Action=kafka-cluster:Connect&X-Amz-…}. */
    private record PresignedConnect(Map<String, String> fields) implements AwsHttpRequest {

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String rawPath() {
            return "/";
        }

        @Override
        public String rawQuery() {
            return QUERY.entrySet().stream().filter(e -> fields.containsKey(e.getKey()))
                    .map(e -> e.getValue() + "=" + URLEncoder.encode(fields.get(e.getKey()), StandardCharsets.UTF_8).replace("+", "%20"))
                    .collect(Collectors.joining("&"));
        }

        @Override
        public Map<String, List<String>> queryParameters() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            QUERY.forEach((key, name) -> {
                if (fields.containsKey(key)) {
                    out.put(name, List.of(fields.get(key)));
                }
            });
            return out;
        }

        @Override
        public String header(String name) {
            return "host".equalsIgnoreCase(name) ? fields.get("host") : null;
        }

        @Override
        public List<String> headers(String name) {
            return "host".equalsIgnoreCase(name) ? List.of(fields.get("host")) : List.of();
        }

        @Override
        public Collection<String> headerNames() {
            return List.of("Host");
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public long contentLength() {
            return 0;
        }
    }
}
