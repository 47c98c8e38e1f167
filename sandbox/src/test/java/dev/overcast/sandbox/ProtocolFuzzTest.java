package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed requests of every wire protocol, generated from a seeded {@link Random} (so a failure reproduces:
 * {@code -Dovercast.fuzz.seed=…}) and sent over raw sockets to the started sandbox's gateway: truncated and oversize
 * bodies, wrong types, deep nesting, invalid UTF-8 and percent-encoding, NUL bytes, huge headers, bad lengths, broken
 * chunking, unknown targets and methods. Every answer must come within 10 s as a client error (4xx, or 501 for what
 * is not implemented) in the AWS shape of the protocol asked, never a 5xx; and the service answers normally after.
 */
class ProtocolFuzzTest {

    private static final long SEED = Long.getLong("overcast.fuzz.seed", 20261206L);
    private static final int REQUESTS = Integer.getInteger("overcast.fuzz.requests", 1000);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final String BUCKET = "fuzz-bucket";
    private static final String TABLE = "fuzz-table";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final String KAFKA_AUTH = "AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/kafka/aws4_request, "
            + "SignedHeaders=host, Signature=0000";
    /** S3 signed (SigV4 off: parsed, not verified), since an unsigned request is the anonymous principal. */
    private static final String S3_AUTH = "AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host, Signature=0000";
    private static final String S3_AUTH_LINES = "Authorization: " + S3_AUTH + "\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n";

    /** The wire protocols, each with the requests it starts from. */
    enum Protocol { S3_REST_XML, JSON_1_0, JSON_1_1, CBOR, REST_JSON }

    /** A generated request: what it is (to reproduce by hand), its parts, and whether it must be refused. */
    record Fuzzed(Protocol protocol, String what, String method, String target, String version, List<String[]> headers,
                  byte[] body, boolean halfClose, boolean mustFail) {

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((method + " " + target + (version.isEmpty() ? "" : " " + version) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (String[] h : headers) {
                out.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }

        /** This request broken as said: {@code strict} when no server may accept it. */
        Fuzzed with(String what, List<String[]> headers, byte[] body, boolean halfClose, boolean strict) {
            return new Fuzzed(protocol, this.what + " / " + what, method, target, version, headers, body, halfClose, strict);
        }

        Fuzzed with(String what, List<String[]> headers, byte[] body, boolean halfClose) {
            return with(what, headers, body, halfClose, true);
        }

        /** A body a server parses (not an object's bytes, which may be anything). */
        boolean document() {
            return body.length > 0 && !target.contains("/key-");
        }
    }

    @BeforeAll
    static void resources() throws IOException {
        Sandbox sandbox = SharedSandbox.get();
        int port = sandbox.gatewayPort();
        RawHttp.exchange(port, ("PUT /" + BUCKET + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n"
                + S3_AUTH_LINES + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), false, ANSWER_WITHIN);
        String create = "{\"TableName\":\"" + TABLE + "\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}";
        RawHttp.exchange(port, dynamo("CreateTable", create), false, ANSWER_WITHIN);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void everyMalformedRequestIsAClientErrorInTheProtocolsShape(Protocol protocol) throws Exception {
        int port = SharedSandbox.get().gatewayPort();
        Random random = new Random(SEED + protocol.ordinal());
        List<Fuzzed> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(mutate(base(protocol, random), random));
        }
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (Fuzzed f : requests) {
                answers.add(pool.submit(() -> check(port, f)));
            }
            for (int i = 0; i < answers.size(); i++) {
                String problem = answers.get(i).get();
                if (problem != null) {
                    Fuzzed f = requests.get(i);
                    String line = "#" + i + " [" + f.what() + "] " + f.method() + " " + shorten(f.target()) + ": " + problem;
                    failures.add(line);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("seed %d, protocol %s", SEED, protocol).isEmpty();
        assertThat(answersNormally(port, protocol)).as("the service answers normally afterwards").isTrue();
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Null when the answer is right, else what is wrong with it. */
    private static String check(int port, Fuzzed f) {
        RawHttp.Answer answer;
        try {
            answer = RawHttp.exchange(port, f.bytes(), f.halfClose(), ANSWER_WITHIN);
        } catch (IOException e) {
            return "no answer within " + ANSWER_WITHIN.toSeconds() + " s: " + e;
        }
        int status = answer.status();
        if (status >= 500 && !(status == 501 && "NotImplemented".equals(code(f.protocol(), answer)))) {
            return status + " " + answer;
        }
        if (status < 400) {
            return f.mustFail() ? "accepted: " + answer : null;
        }
        return code(f.protocol(), answer) == null ? "not in the " + f.protocol() + " error shape: " + answer : null;
    }

    /** The AWS error code in the shape of the protocol, or null if the answer is not in that shape. */
    private static String code(Protocol protocol, RawHttp.Answer answer) {
        String contentType = answer.header("Content-Type") == null ? "" : answer.header("Content-Type");
        try {
            return switch (protocol) {
                case S3_REST_XML -> {
                    String body = answer.text();
                    int start = body.indexOf("<Error><Code>");
                    yield !contentType.startsWith("application/xml") || start < 0 ? null
                            : body.substring(start + 13, body.indexOf("</Code>", start));
                }
                case JSON_1_0, JSON_1_1 -> contentType.startsWith(protocol == Protocol.JSON_1_0
                        ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1")
                        ? type(JSON.readTree(answer.body())) : null;
                case CBOR -> contentType.startsWith("application/x-amz-cbor-1.1") ? type(CBOR.readTree(answer.body())) : null;
                case REST_JSON -> answer.header("x-amzn-ErrorType") != null && contentType.startsWith("application/json")
                        ? answer.header("x-amzn-ErrorType") : null;
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String type(JsonNode error) {
        String type = error.path("__type").asText(null);
        // JSON errors carry their text as "message" or, from some services' front ends (coral), as "Message"
        boolean text = !error.path("message").isMissingNode() || !error.path("Message").isMissingNode();
        return type == null || !text ? null : type.substring(type.indexOf('#') + 1);
    }

    private static boolean answersNormally(int port, Protocol protocol) throws IOException {
        return switch (protocol) {
            case S3_REST_XML -> RawHttp.exchange(port, ("GET /" + BUCKET + "?list-type=2 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n" + S3_AUTH_LINES + "\r\n").getBytes(StandardCharsets.ISO_8859_1), false, ANSWER_WITHIN).status() == 200;
            case JSON_1_0, CBOR -> RawHttp.exchange(port, dynamo("ListTables", "{}"), false, ANSWER_WITHIN).status() == 200;
            case JSON_1_1 -> RawHttp.exchange(port, build(request(protocol, "POST", "/", "Kinesis_20131202.ListStreams",
                    "application/x-amz-json-1.1", utf8("{\"Limit\":5}"))), false, ANSWER_WITHIN).status() == 200;
            case REST_JSON -> RawHttp.exchange(port, build(request(protocol, "GET", "/api/v2/clusters?maxResults=10", null, null,
                    new byte[0])), false, ANSWER_WITHIN).status() == 200;
        };
    }

    // ------------------------------------------------------------------------------------------------ requests

    private static byte[] dynamo(String action, String body) {
        return build(request(Protocol.JSON_1_0, "POST", "/", "DynamoDB_20120810." + action, "application/x-amz-json-1.0",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] build(Fuzzed f) {
        return f.bytes();
    }

    private static Fuzzed request(Protocol protocol, String method, String target, String amzTarget, String contentType,
                                  byte[] body) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Host", "localhost"});
        if (amzTarget != null) {
            headers.add(new String[] {"X-Amz-Target", amzTarget});
        }
        if (contentType != null) {
            headers.add(new String[] {"Content-Type", contentType});
        }
        if (protocol == Protocol.REST_JSON) {
            headers.add(new String[] {"Authorization", KAFKA_AUTH});
        }
        if (protocol == Protocol.S3_REST_XML) {
            headers.add(new String[] {"Authorization", S3_AUTH});
            headers.add(new String[] {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"});
        }
        headers.add(new String[] {"Connection", "close"});
        headers.add(new String[] {"Content-Length", Integer.toString(body.length)});
        return new Fuzzed(protocol, method + " " + (amzTarget != null ? amzTarget : target), method, target, "HTTP/1.1",
                headers, body, false, false);
    }

    /** A well-formed request of the protocol (one of a few operations), which {@link #mutate} then breaks. */
    private static Fuzzed base(Protocol protocol, Random random) {
        return switch (protocol) {
            case S3_REST_XML -> switch (random.nextInt(5)) {
                case 0 -> request(protocol, "PUT", "/" + BUCKET + "/key-" + random.nextInt(50), null, "text/plain",
                        "hello".getBytes(StandardCharsets.UTF_8));
                case 1 -> request(protocol, "PUT", "/" + BUCKET + "?tagging", null, "application/xml", utf8(
                        "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>"));
                case 2 -> request(protocol, "POST", "/" + BUCKET + "?delete", null, "application/xml", utf8(
                        "<Delete><Object><Key>key-1</Key></Object><Quiet>true</Quiet></Delete>"));
                case 3 -> request(protocol, "PUT", "/" + BUCKET + "?versioning", null, "application/xml", utf8(
                        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"));
                default -> request(protocol, "GET", "/" + BUCKET + "?list-type=2&prefix=key&max-keys=5", null, null, new byte[0]);
            };
            case JSON_1_0 -> dynamoBase(protocol, random, "application/x-amz-json-1.0", false);
            case CBOR -> dynamoBase(protocol, random, "application/x-amz-cbor-1.1", true);
            case JSON_1_1 -> random.nextBoolean()
                    ? request(protocol, "POST", "/", "Kinesis_20131202.ListStreams", "application/x-amz-json-1.1",
                            utf8("{\"Limit\":5,\"ExclusiveStartStreamName\":\"s\"}"))
                    : request(protocol, "POST", "/", "Kinesis_20131202.PutRecord", "application/x-amz-json-1.1",
                            utf8("{\"StreamName\":\"s\",\"Data\":\"aGk=\",\"PartitionKey\":\"p\"}"));
            case REST_JSON -> random.nextBoolean()
                    ? request(protocol, "POST", "/v1/clusters", null, "application/json", utf8(
                            "{\"clusterName\":\"c\",\"kafkaVersion\":\"3.6.0\",\"numberOfBrokerNodes\":3}"))
                    : request(protocol, "GET", "/api/v2/clusters?maxResults=10", null, null, new byte[0]);
        };
    }

    private static final String[][] DYNAMO_OPS = {
        {"DynamoDB_20120810.ListTables", "{\"Limit\":5}"},
        {"DynamoDB_20120810.DescribeTable", "{\"TableName\":\"" + TABLE + "\"}"},
        {"DynamoDB_20120810.PutItem", "{\"TableName\":\"" + TABLE + "\",\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}}"},
        {"DynamoDB_20120810.GetItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"a\"}}}"},
        {"DynamoDB_20120810.Query", "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :v\","
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"a\"}}}"},
        {"DynamoDB_20120810.Scan", "{\"TableName\":\"" + TABLE + "\",\"Limit\":3}"},
        {"DynamoDB_20120810.UpdateItem", "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"pk\":{\"S\":\"a\"}},"
                + "\"UpdateExpression\":\"SET n = n + :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}"},
        {"DynamoDBStreams_20120810.ListStreams", "{\"Limit\":2}"},
    };

    private static Fuzzed dynamoBase(Protocol protocol, Random random, String contentType, boolean cbor) {
        String[] op = DYNAMO_OPS[random.nextInt(DYNAMO_OPS.length)];
        byte[] body = utf8(op[1]);
        if (cbor) {
            try {
                body = CBOR.writeValueAsBytes(JSON.readTree(op[1]));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return request(protocol, "POST", "/", op[0], contentType, body);
    }

    // ------------------------------------------------------------------------------------------------ mutations

    private static Fuzzed mutate(Fuzzed f, Random random) {
        boolean hasBody = f.body().length > 0;
        boolean json = f.protocol() != Protocol.S3_REST_XML && f.protocol() != Protocol.CBOR;
        // a REST-JSON operation without a payload (MSK's ListClustersV2, a GET) ignores a body, as AWS's REST services
        // do: a body put there is no malformed request
        boolean bodyRead = f.protocol() != Protocol.REST_JSON || hasBody;
        int kind = random.nextInt(14);
        return switch (kind) {
            case 0 -> { // truncated: fewer bytes than Content-Length, then the connection's end
                int declared = f.body().length + 1 + random.nextInt(1000);
                yield f.with("truncated body", length(f.headers(), Integer.toString(declared)), f.body(), true,
                        f.body().length > 0); // a GET's body is never read: S3 answers it as it would without

            }
            case 1 -> { // oversize: more bytes than Content-Length, or a body the size limit refuses
                if (!hasBody || f.method().equals("PUT") && f.target().contains("/key-")) {
                    yield f.with("bad Content-Length", length(f.headers(), "-" + (1 + random.nextInt(9))), f.body(), false);
                }
                int declared = 1 + random.nextInt(f.body().length - 1);
                yield f.with("oversize body", length(f.headers(), Integer.toString(declared)), f.body(), false,
                        f.protocol() != Protocol.CBOR);
            }
            case 2 -> finish(f, "wrong types", wrongTypes(f, random), (json || f.protocol() == Protocol.CBOR) && bodyRead);
            case 3 -> finish(f, "deep nesting", deepNesting(f, random),
                    (f.protocol() != Protocol.S3_REST_XML || f.document()) && bodyRead);
            case 4 -> finish(f, "invalid UTF-8 body", invalidUtf8(f, random), json && bodyRead);
            case 5 -> {
                String escape = pick(random, "%zz", "%", "%G1", "%c3%28", "%e2%82");
                yield new Fuzzed(f.protocol(), f.what() + " / percent-encoding " + escape, f.method(),
                        f.target().replaceFirst("\\?|$", escape + "$0"), f.version(), f.headers(), f.body(), false,
                        !escape.startsWith("%c") && !escape.startsWith("%e"));
            }
            case 6 -> nulBytes(f, random);
            case 7 -> { // huge headers: one past the limit, or very many
                List<String[]> headers = new ArrayList<>(f.headers());
                if (random.nextBoolean()) {
                    headers.add(new String[] {"X-Fuzz", "a".repeat(66_000 + random.nextInt(10_000))});
                } else {
                    for (int i = 0; i < 700; i++) {
                        headers.add(new String[] {"X-Fuzz-" + i, "b".repeat(100)});
                    }
                }
                yield f.with("huge headers", headers, f.body(), false);
            }
            case 8 -> f.with("bad length " + kind, badLength(f.headers(), random), f.body(), false);
            case 9 -> unknownTarget(f, random);
            case 10 -> { // broken chunked framing
                List<String[]> headers = length(f.headers(), null);
                headers.removeIf(h -> h[0].equals("Content-Length"));
                headers.add(new String[] {"Transfer-Encoding", "chunked"});
                String framing = pick(random, "zz\r\nabc\r\n0\r\n\r\n", "5\r\nab\r\n0\r\n\r\n", "-1\r\n\r\n",
                        "ffffffffffffffffff\r\nx\r\n", "3\r\nabcXY\r\n");
                yield f.with("bad chunked body", headers, utf8(framing), true, f.body().length > 0);
            }
            case 11 -> { // random bytes as the body
                byte[] noise = new byte[1 + random.nextInt(2000)];
                random.nextBytes(noise);
                if (f.target().contains("/key-")) { // an object may be any bytes: break its length instead
                    yield f.with("random body, short length", length(f.headers(), Integer.toString(noise.length + 7)), noise, true);
                }
                yield f.with("random body", length(f.headers(), Integer.toString(noise.length)), noise, false,
                        f.protocol() != Protocol.CBOR && (f.protocol() != Protocol.S3_REST_XML || f.document()) && bodyRead);
            }
            case 12 -> { // the document cut short, with a matching length
                if (!hasBody || f.target().contains("/key-")) {
                    yield f.with("truncated body", length(f.headers(), Integer.toString(f.body().length + 3)), f.body(), true,
                            hasBody);
                }
                byte[] cut = java.util.Arrays.copyOf(f.body(), 1 + random.nextInt(f.body().length - 1));
                yield f.with("cut document", length(f.headers(), Integer.toString(cut.length)), cut, false,
                        f.protocol() != Protocol.CBOR);
            }
            default -> requestLine(f, random);
        };
    }

    /** The headers with Content-Length set to {@code value} (or to the body's length when null, done by the caller). */
    private static List<String[]> length(List<String[]> headers, String value) {
        List<String[]> result = new ArrayList<>();
        for (String[] h : headers) {
            if (!h[0].equals("Content-Length")) {
                result.add(h);
            }
        }
        if (value != null) {
            result.add(new String[] {"Content-Length", value});
        }
        return result;
    }

    /** The request with a new body of its own length. */
    private static Fuzzed finish(Fuzzed f, String what, byte[] body, boolean strict) {
        return f.with(what, length(f.headers(), Integer.toString(body.length)), body, false, strict);
    }

    private static byte[] wrongTypes(Fuzzed f, Random random) {
        String text0 = f.protocol() == Protocol.CBOR ? "" : new String(f.body(), StandardCharsets.UTF_8);
        boolean number = text0.matches("^\\{\"[^\"]+\":\\d.*") || f.protocol() == Protocol.CBOR && f.body().length < 20;
        // a value of another type than the member's: a string where a number goes, a number or structure for a string
        String wrong = number ? pick(random, "\"x\"", "true", "[]", "{}", "[{\"S\":1}]")
                : pick(random, "123", "true", "[]", "{}", "1e400", "[{\"S\":1}]");
        return switch (f.protocol()) {
            case S3_REST_XML -> utf8(f.body().length == 0 ? "<X>" + wrong + "</X>"
                    : new String(f.body(), StandardCharsets.UTF_8).replaceFirst(">[^<]+<", "><Nested>" + wrong + "</Nested><"));
            case CBOR -> {
                try {
                    JsonNode tree = CBOR.readTree(f.body());
                    String text = tree.toString().replaceFirst(":(\"[^\"]*\"|\\d+)", ":" + wrong);
                    if (text.equals(tree.toString())) {
                        text = "[" + wrong + "]";
                    }
                    yield CBOR.writeValueAsBytes(JSON.readTree(text));
                } catch (IOException e) {
                    yield new byte[] {(byte) 0xff};
                }
            }
            default -> {
                String text = new String(f.body(), StandardCharsets.UTF_8);
                String replaced = text.replaceFirst(":(\"[^\"]*\"|\\d+)", ":" + wrong);
                yield utf8(replaced.equals(text) ? "[" + wrong + "]" : replaced);
            }
        };
    }

    private static byte[] deepNesting(Fuzzed f, Random random) {
        int depth = 300 + random.nextInt(5000);
        return switch (f.protocol()) {
            case S3_REST_XML -> utf8("<Tagging>" + "<TagSet>".repeat(depth) + "</TagSet>".repeat(depth) + "</Tagging>");
            case CBOR -> {
                byte[] nested = new byte[depth + 1];
                java.util.Arrays.fill(nested, 0, depth, (byte) 0x81); // array of one element, depth times
                nested[depth] = 0x00;
                yield nested;
            }
            default -> utf8("{\"TableName\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
        };
    }

    private static byte[] invalidUtf8(Fuzzed f, Random random) {
        byte[][] bad = {{(byte) 0xc3, 0x28}, {(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] insert = bad[random.nextInt(bad.length)];
        if (f.protocol() == Protocol.CBOR) { // a text string whose bytes are not UTF-8
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0xa1);
            out.write(0x69);
            out.writeBytes(utf8("TableName"));
            out.write(0x60 + insert.length);
            out.writeBytes(insert);
            return out.toByteArray();
        }
        String text = f.body().length == 0 ? (f.protocol() == Protocol.S3_REST_XML ? "<Tagging></Tagging>" : "{\"TableName\":\"\"}")
                : new String(f.body(), StandardCharsets.UTF_8);
        int at = Math.max(text.indexOf('"', text.indexOf(':') + 1) + 1, text.indexOf('>') + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at)));
        out.writeBytes(insert);
        out.writeBytes(utf8(text.substring(at)));
        return out.toByteArray();
    }

    private static Fuzzed nulBytes(Fuzzed f, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> { // a raw NUL in a header value: not a legal field value
                List<String[]> headers = new ArrayList<>(f.headers());
                headers.add(new String[] {"X-Amz-Meta-Fuzz", "a\u0000b"}); // after the headers that tell the protocol
                yield f.with("NUL in a header", headers, f.body(), false);
            }
            case 1 -> { // NUL in the body
                byte[] body = f.body().length == 0 ? new byte[] {0} : f.body().clone();
                body[random.nextInt(body.length)] = 0;
                yield finish(f, "NUL in the body", body, false);
            }
            default -> { // a raw NUL in the request target: not a legal request line (S3's, the default, as above)
                if (f.protocol() != Protocol.S3_REST_XML) {
                    yield unknownTarget(f, random);
                }
                yield new Fuzzed(f.protocol(), f.what() + " / NUL in the request line", f.method(),
                        f.target() + "\u0000x", f.version(), f.headers(), f.body(), false, true);
            }
        };
    }

    private static List<String[]> badLength(List<String[]> headers, Random random) {
        List<String[]> result = length(headers, null);
        switch (random.nextInt(5)) {
            case 0 -> result.add(new String[] {"Content-Length", pick(random, "abc", "1e3", "0x10", " ", "+5", "-1")});
            case 1 -> {
                result.add(new String[] {"Content-Length", "3"});
                result.add(new String[] {"Content-Length", "7"});
            }
            case 2 -> result.add(new String[] {"Content-Length", "99999999999999999999999"});
            case 3 -> result.add(new String[] {"Transfer-Encoding", pick(random, "gzip", "chunked, gzip", "deflate", "bogus")});
            default -> {
                result.add(new String[] {"Content-Length", "5"});
                result.add(new String[] {"Transfer-Encoding", "identity"});
            }
        }
        return result;
    }

    private static Fuzzed unknownTarget(Fuzzed f, Random random) {
        String nonsense = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        return switch (f.protocol()) {
            case S3_REST_XML -> new Fuzzed(f.protocol(), f.what() + " / unknown method", pick(random, "BREW", "PROPFIND", "TRACE",
                    "LOCK", "M" + nonsense.toUpperCase(Locale.ROOT)), f.target(), f.version(), f.headers(), f.body(), false, true);
            case REST_JSON -> new Fuzzed(f.protocol(), f.what() + " / unknown path", f.method(), "/v1/" + nonsense,
                    f.version(), f.headers(), f.body(), false, true);
            default -> {
                List<String[]> headers = new ArrayList<>();
                for (String[] h : f.headers()) {
                    String prefix = h[1].substring(0, h[1].indexOf('.') + 1); // the service's own: another would route elsewhere
                    headers.add(h[0].equals("X-Amz-Target") ? new String[] {h[0], pick(random,
                            prefix + nonsense, prefix, prefix + "." + nonsense, prefix + nonsense + "\u00e9")} : h);
                }
                yield f.with("unknown target", headers, f.body(), false);
            }
        };
    }

    /** A broken request line: only where the request's protocol is known without its headers (S3, the default). */
    private static Fuzzed requestLine(Fuzzed f, Random random) {
        if (f.protocol() != Protocol.S3_REST_XML) {
            return unknownTarget(f, random);
        }
        // (no version at all is HTTP/0.9, whose answers have no status line)
        String version = pick(random, "HTTP/2.0", "HTTP/1.2", "HTTP/0.9x", "HTTP/1.1 extra", "HTTP/1.1\t", "HTTPS/1.1");
        return new Fuzzed(f.protocol(), f.what() + " / request line " + version, f.method(), f.target(), version,
                f.headers(), f.body(), false, true);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
