package dev.overcast.glue.crawler;

import dev.overcast.glue.classifier.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.DynamoDBTarget;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * A DynamoDB target: the table described and scanned through the DynamoDB API (all items with ScanAll, the default,
 * else the first 1,000), its attributes' types inferred and merged into a catalog table of classification dynamodb.
 */
final class DynamoDbCrawl {

    static final int SAMPLE_ITEMS = 1000;

    private DynamoDbCrawl() {
    }

    static TableInput table(DynamoDbClient dynamodb, DynamoDBTarget target, String name, String crawler) {
        TableDescription d = dynamodb.describeTable(b -> b.tableName(target.path())).table();
        boolean all = target.scanAll() == null || target.scanAll();
        List<Column> columns = new ArrayList<>();
        int items = 0;
        for (var page : dynamodb.scanPaginator(b -> b.tableName(target.path()))) {
            for (Map<String, AttributeValue> item : page.items()) {
                List<Column> these = new ArrayList<>();
                item.forEach((k, v) -> these.add(Types.column(k, type(v))));
                columns = Types.merge(columns, these);
                items++;
            }
            if (!all && items >= SAMPLE_ITEMS) {
                break;
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("classification", "dynamodb");
        params.put("typeOfData", "table");
        params.put("UPDATED_BY_CRAWLER", crawler);
        for (KeySchemaElement k : d.keySchema()) {
            params.put(k.keyType() == KeyType.HASH ? "hashKey" : "rangeKey", k.attributeName());
        }
        params.put("recordCount", Long.toString(d.itemCount() == null ? items : d.itemCount()));
        params.put("sizeKey", Long.toString(d.tableSizeBytes() == null ? 0 : d.tableSizeBytes()));
        return TableInput.builder().name(name).tableType("EXTERNAL_TABLE").parameters(params)
                .storageDescriptor(StorageDescriptor.builder().location(d.tableArn()).columns(columns)
                        .serdeInfo(SerDeInfo.builder().build()).build()).build();
    }

    /** The Hive type of a DynamoDB attribute value, as Glue's DynamoDB crawler names it. */
    static String type(AttributeValue v) {
        if (v.s() != null) {
            return "string";
        }
        if (v.n() != null) {
            return v.n().matches("-?\\d+") ? "bigint" : "double";
        }
        if (v.b() != null) {
            return "binary";
        }
        if (v.bool() != null) {
            return "boolean";
        }
        if (v.hasSs()) {
            return "array<string>";
        }
        if (v.hasNs()) {
            return "array<" + (v.ns().stream().allMatch(n -> n.matches("-?\\d+")) ? "bigint" : "double") + ">";
        }
        if (v.hasBs()) {
            return "array<binary>";
        }
        if (v.hasL()) {
            String element = null;
            for (AttributeValue e : v.l()) {
                element = Types.widen(element, type(e));
            }
            return "array<" + (element == null ? "string" : element) + ">";
        }
        if (v.hasM()) {
            return "struct<" + v.m().entrySet().stream().map(e -> e.getKey() + ":" + type(e.getValue()))
                    .collect(Collectors.joining(",")) + ">";
        }
        return "string";
    }
}
