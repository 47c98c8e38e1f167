package dev.overcast.dynamodb;

import static dev.overcast.dynamodb.DynamoDbTestService.n;
import static dev.overcast.dynamodb.DynamoDbTestService.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Items read back without a projection, filter or partial index are answered as they are stored, without being
 * parsed: they must come back exactly as the answers that do parse them (a projection, a filter, CBOR) give them.
 */
class StoredItemsTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();

    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    /** An item with every type, strings that JSON must escape, and nesting. */
    private static Map<String, AttributeValue> everyType(String sk) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s("p"));
        item.put("sk", s(sk));
        item.put("text", s("héllo ☃ 😀 \"quoted\" back\\slash\nnew line\ttab \u0001 </script>"));
        item.put("empty", s(""));
        item.put("num", n("-12345678901234567890123456789012345678"));
        item.put("frac", n("0.000001"));
        item.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(ALL_BYTES)));
        item.put("yes", AttributeValue.fromBool(true));
        item.put("no", AttributeValue.fromBool(false));
        item.put("nothing", AttributeValue.fromNul(true));
        item.put("strings", AttributeValue.fromSs(List.of("a", "ß", "\"")));
        item.put("numbers", AttributeValue.fromNs(List.of("1", "-2.5", "300")));
        item.put("binaries", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {0}),
                SdkBytes.fromByteArray(new byte[] {(byte) 0xFF, 0x10}))));
        item.put("map", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(s("x"), n("1"),
                AttributeValue.fromM(Map.of()), AttributeValue.fromL(List.of()), AttributeValue.fromNul(true))))));
        return item;
    }

    @Test
    void everyTypeComesBackAlikeWhetherPassedOnOrParsed() {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        Map<String, AttributeValue> item = everyType("a");
        ddb.putItem(b -> b.tableName(table).item(item));
        ddb.putItem(b -> b.tableName(table).item(everyType("b")));
        Map<String, AttributeValue> key = Map.of("pk", s("p"), "sk", s("a"));

        GetItemResponse got = ddb.getItem(b -> b.tableName(table).key(key).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(got.item()).isEqualTo(item);
        assertThat(got.consumedCapacity().capacityUnits()).isEqualTo(0.5);
        Map<String, String> names = new LinkedHashMap<>();
        item.keySet().forEach(a -> names.put("#" + a, a));
        GetItemResponse projected = ddb.getItem(b -> b.tableName(table).key(key)
                .projectionExpression(String.join(", ", names.keySet())).expressionAttributeNames(names));
        assertThat(projected.item()).isEqualTo(item);
        assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"), "sk", s("none")))).hasItem()).isFalse();

        QueryResponse page = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).limit(1));
        assertThat(page.items()).containsExactly(item);
        assertThat(page.count()).isEqualTo(1);
        assertThat(page.lastEvaluatedKey()).isEqualTo(key);
        QueryResponse rest = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p"))).exclusiveStartKey(page.lastEvaluatedKey()));
        assertThat(rest.items()).containsExactly(everyType("b"));
        assertThat(rest.hasLastEvaluatedKey()).isFalse();
        QueryResponse filtered = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("attribute_exists(bin)").expressionAttributeValues(Map.of(":p", s("p"))));
        assertThat(filtered.items()).containsExactly(item, everyType("b"));
        QueryResponse none = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("q"))));
        assertThat(none.items()).isEmpty();
        assertThat(none.count()).isZero();

        ScanResponse scan = ddb.scan(b -> b.tableName(table));
        assertThat(scan.items()).containsExactly(item, everyType("b"));
        assertThat(scan.scannedCount()).isEqualTo(2);
        ScanResponse counted = ddb.scan(b -> b.tableName(table).select(Select.COUNT).limit(1));
        assertThat(counted.count()).isEqualTo(1);
        assertThat(counted.hasItems()).isFalse();
        assertThat(counted.lastEvaluatedKey()).isEqualTo(key);
    }

    @Test
    void wholeItemIndexPagesCarryTheIndexKeys() {
        String table = DynamoDbTestService.tableName();
        ddb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("rank").attributeType(ScalarAttributeType.N).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byRank")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("rank").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        for (int i = 0; i < 3; i++) {
            int v = i;
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + v), "g", s("g"), "rank", n(Integer.toString(v)),
                    "bin", AttributeValue.fromB(SdkBytes.fromByteArray(ALL_BYTES)))));
        }
        QueryResponse first = ddb.query(b -> b.tableName(table).indexName("byRank").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("g"))).limit(2));
        assertThat(first.items()).extracting(i -> i.get("rank").n()).containsExactly("0", "1");
        assertThat(first.items().get(0).get("bin").b().asByteArray()).isEqualTo(ALL_BYTES);
        assertThat(first.lastEvaluatedKey()).isEqualTo(Map.of("pk", s("k1"), "g", s("g"), "rank", n("1")));
        QueryResponse rest = ddb.query(b -> b.tableName(table).indexName("byRank").keyConditionExpression("g = :g")
                .expressionAttributeValues(Map.of(":g", s("g"))).exclusiveStartKey(first.lastEvaluatedKey()));
        assertThat(rest.items()).extracting(i -> i.get("pk").s()).containsExactly("k2");
    }

    /** A request in CBOR is answered in CBOR, binary values as byte strings: the items are parsed, not passed on. */
    @Test
    void cborRequestsGetItemsInCbor() throws Exception {
        String table = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        ddb.putItem(b -> b.tableName(table).item(everyType("a")));
        CBORFactory cbor = new CBORFactory();
        ObjectMapper reader = new ObjectMapper(cbor);
        for (String action : List.of("Query", "Scan")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (JsonGenerator g = cbor.createGenerator(body)) {
                g.writeStartObject();
                g.writeStringField("TableName", table);
                if (action.equals("Query")) {
                    g.writeStringField("KeyConditionExpression", "pk = :p");
                    g.writeObjectFieldStart("ExpressionAttributeValues");
                    g.writeObjectFieldStart(":p");
                    g.writeStringField("S", "p");
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(DynamoDbTestService.endpoint() + "/"))
                    .header("Content-Type", "application/x-amz-cbor-1.1")
                    .header("X-Amz-Target", "DynamoDB_20120810." + action)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=000000000000/20261206/us-east-1/dynamodb/aws4_request, "
                            + "SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).as(new String(answer.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-cbor-1.1");
            JsonNode items = reader.readTree(answer.body()).get("Items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("bin").get("B").isBinary()).isTrue();
            assertThat(items.get(0).get("bin").get("B").binaryValue()).isEqualTo(ALL_BYTES);
            assertThat(items.get(0).get("text").get("S").asText()).isEqualTo(everyType("a").get("text").s());
        }
    }

    @Test
    void batchGetItemAnswersWholeAndProjectedItemsOfSeveralTables() {
        String ranged = DynamoDbTestService.createTable(ddb, ScalarAttributeType.S);
        String plain = DynamoDbTestService.createTable(ddb, null);
        ddb.putItem(b -> b.tableName(ranged).item(everyType("a")));
        ddb.putItem(b -> b.tableName(ranged).item(everyType("b")));
        ddb.putItem(b -> b.tableName(plain).item(Map.of("pk", s("x"), "bin", AttributeValue.fromB(SdkBytes.fromByteArray(ALL_BYTES)),
                "text", s("\"é\""))));
        BatchGetItemResponse got = ddb.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).requestItems(Map.of(
                ranged, KeysAndAttributes.builder().keys(Map.of("pk", s("p"), "sk", s("b")), Map.of("pk", s("p"), "sk", s("none")),
                        Map.of("pk", s("p"), "sk", s("a"))).build(),
                plain, KeysAndAttributes.builder().keys(Map.of("pk", s("x")), Map.of("pk", s("y")))
                        .projectionExpression("#b, #t").expressionAttributeNames(Map.of("#b", "bin", "#t", "text")).build())));
        assertThat(got.responses().get(ranged)).containsExactlyInAnyOrder(everyType("a"), everyType("b"));
        assertThat(got.responses().get(plain)).containsExactly(Map.of("bin", AttributeValue.fromB(SdkBytes.fromByteArray(ALL_BYTES)),
                "text", s("\"é\"")));
        assertThat(got.unprocessedKeys()).isEmpty();
        assertThat(got.consumedCapacity()).extracting(ConsumedCapacity::capacityUnits).containsExactlyInAnyOrder(1.0, 0.5);
    }

    /** A BatchGetItem answers at most 16 MB (and the item that crosses it); the keys after it come back unprocessed. */
    @Test
    void batchGetItemStopsAtSixteenMegabytes() {
        String table = DynamoDbTestService.createTable(ddb, null);
        String pad = "x".repeat(399_000);
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String pk = String.format("k%02d", i);
            ddb.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "pad", s(pad))));
            keys.add(Map.of("pk", s(pk)));
        }
        keys.add(1, Map.of("pk", s("absent")));
        BatchGetItemResponse first = ddb.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder().keys(keys).build())));
        int items = first.responses().get(table).size();
        int itemSize = "pk".length() + 3 + "pad".length() + pad.length();
        assertThat((long) (items - 1) * itemSize).isLessThan(16L * 1024 * 1024);
        assertThat((long) items * itemSize).isGreaterThanOrEqualTo(16L * 1024 * 1024);
        List<Map<String, AttributeValue>> left = first.unprocessedKeys().get(table).keys();
        assertThat(left).isEqualTo(keys.subList(items + 1, keys.size()));
        assertThat(first.responses().get(table)).extracting(i -> i.get("pk").s())
                .containsExactlyInAnyOrderElementsOf(keys.subList(0, items + 1).stream().map(k -> k.get("pk").s())
                        .filter(k -> !k.equals("absent")).toList());
        BatchGetItemResponse rest = ddb.batchGetItem(b -> b.requestItems(first.unprocessedKeys()));
        assertThat(rest.responses().get(table)).hasSize(left.size());
        assertThat(rest.unprocessedKeys()).isEmpty();
    }
}
