package dev.overcast.dynamodb.table;

import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;

/** CreateTable's checks, with DynamoDB's messages. */
final class TableValidation {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private TableValidation() {
    }

    /** A TableName that may also be a table's ARN (which the table lookup reads). */
    static void tableNameOrArn(String name, String member) {
        if (name == null || !name.startsWith("arn:")) {
            tableName(name, member);
        }
    }

    static void tableName(String name, String member) {
        if (name == null) {
            throw DynamoDbErrors.constraint(null, member, "Member must not be null");
        }
        if (name.length() < 3) {
            throw DynamoDbErrors.constraint(name, member, "Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            throw DynamoDbErrors.constraint(name, member, "Member must have length less than or equal to 255");
        }
        if (!NAME.matcher(name).matches()) {
            throw DynamoDbErrors.constraint(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    static void createTable(CreateTableRequest r, boolean provisioned) {
        tableName(r.tableName(), "tableName");
        if (!r.hasKeySchema() || r.keySchema().isEmpty()) {
            throw DynamoDbErrors.constraint(null, "keySchema", "Member must not be null");
        }
        if (!r.hasAttributeDefinitions()) {
            throw DynamoDbErrors.constraint(null, "attributeDefinitions", "Member must not be null");
        }
        Set<String> defined = new HashSet<>();
        for (AttributeDefinition d : r.attributeDefinitions()) {
            if (!defined.add(d.attributeName())) {
                throw DynamoDbErrors.invalidParameter("Cannot have two attributes with the same name");
            }
            // AttributeType's presence and values (B, N, S) are the model's constraints, checked before the handler
        }
        keySchema(r.keySchema(), "KeySchema");
        Set<String> used = new LinkedHashSet<>();
        r.keySchema().forEach(k -> used.add(k.attributeName()));
        String tableHash = TableDef.keyName(r.keySchema(), KeyType.HASH);
        String tableRange = TableDef.keyName(r.keySchema(), KeyType.RANGE);
        Set<String> indexNames = new HashSet<>();
        if (r.hasLocalSecondaryIndexes()) {
            if (r.localSecondaryIndexes().isEmpty()) {
                throw DynamoDbErrors.invalidParameter("List of LocalSecondaryIndexes is empty");
            }
            if (tableRange == null) {
                throw DynamoDbErrors.invalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (r.localSecondaryIndexes().size() > 5) {
                throw DynamoDbErrors.invalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
            }
            for (LocalSecondaryIndex i : r.localSecondaryIndexes()) {
                index(i.indexName(), i.keySchema(), i.projection(), indexNames, used, false);
                String hash = TableDef.keyName(i.keySchema(), KeyType.HASH);
                if (TableDef.keyName(i.keySchema(), KeyType.RANGE) == null) {
                    throw DynamoDbErrors.invalidParameter("Index KeySchema does not have a range key for index: " + i.indexName());
                }
                if (!hash.equals(tableHash)) {
                    throw DynamoDbErrors.invalidParameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                            + i.indexName() + ". index hash key: " + hash + ", table hash key: " + tableHash);
                }
            }
        }
        if (r.hasGlobalSecondaryIndexes()) {
            if (r.globalSecondaryIndexes().isEmpty()) {
                throw DynamoDbErrors.invalidParameter("List of GlobalSecondaryIndexes is empty");
            }
            if (r.globalSecondaryIndexes().size() > 20) {
                throw DynamoDbErrors.limitExceeded("Subscriber limit exceeded: The number of global secondary indexes exceeds the limit of 20");
            }
            for (GlobalSecondaryIndex i : r.globalSecondaryIndexes()) {
                globalIndex(i, provisioned, indexNames, used);
            }
        }
        List<String> undefined = new ArrayList<>();
        for (String u : used) {
            if (!defined.contains(u)) {
                undefined.add(u);
            }
        }
        if (!undefined.isEmpty()) {
            throw DynamoDbErrors.invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: "
                    + undefined + ", AttributeDefinitions: " + r.attributeDefinitions().stream().map(AttributeDefinition::attributeName).toList());
        }
        if (defined.size() != used.size()) {
            if (!r.hasLocalSecondaryIndexes() && !r.hasGlobalSecondaryIndexes()) {
                throw DynamoDbErrors.invalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
            }
            throw DynamoDbErrors.invalidParameter("Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + r.attributeDefinitions().stream().map(AttributeDefinition::attributeName).toList() + ", keys used: " + used);
        }
    }

    static void globalIndex(GlobalSecondaryIndex i, boolean provisioned, Set<String> indexNames, Set<String> used) {
        index(i.indexName(), i.keySchema(), i.projection(), indexNames, used, true);
        if (provisioned && i.provisionedThroughput() == null) {
            throw DynamoDbErrors.invalidParameter("ProvisionedThroughput must be specified for index: " + i.indexName());
        }
        if (!provisioned && i.provisionedThroughput() != null) {
            throw DynamoDbErrors.invalidParameter("ProvisionedThroughput should not be specified for index: " + i.indexName()
                    + " when BillingMode is PAY_PER_REQUEST");
        }
    }

    private static void index(String name, List<KeySchemaElement> keys, Projection projection, Set<String> names,
                              Set<String> used, boolean global) {
        tableName(name, "indexName");
        if (!names.add(name)) {
            throw DynamoDbErrors.invalidParameter("Duplicate index name: " + name);
        }
        if (global && multiAttribute(keys)) {
            globalKeySchema(keys);
        } else {
            keySchema(keys, "Index KeySchema");
        }
        keys.forEach(k -> used.add(k.attributeName()));
        if (projection == null || projection.projectionType() == null) {
            throw DynamoDbErrors.invalidParameter("Unknown ProjectionType: null");
        }
        String type = projection.projectionTypeAsString();
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw DynamoDbErrors.invalidParameter("Unknown ProjectionType: " + type);
        }
        if (!type.equals("INCLUDE") && projection.hasNonKeyAttributes()) {
            throw DynamoDbErrors.invalidParameter("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && (!projection.hasNonKeyAttributes() || projection.nonKeyAttributes().isEmpty())) {
            throw DynamoDbErrors.invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
    }

    /** Most attributes a GSI's partition key, or its sort key, may be made of (multi-attribute keys). */
    static final int MAX_KEY_ATTRIBUTES = 4;

    /** Whether a key schema has several HASH or several RANGE elements (a GSI's multi-attribute keys). */
    private static boolean multiAttribute(List<KeySchemaElement> keys) {
        return keys != null && (keys.stream().filter(k -> k.keyType() == KeyType.HASH).count() > 1
                || keys.stream().filter(k -> k.keyType() == KeyType.RANGE).count() > 1);
    }

    /**
     * A GSI's multi-attribute key schema: its partition key attributes (one to four), then its sort key attributes (none to four),
     * each attribute once.
     */
    private static void globalKeySchema(List<KeySchemaElement> keys) {
        if (keys.get(0).keyType() != KeyType.HASH) {
            throw DynamoDbErrors.invalidParameter("Invalid Index KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        int hashes = 0;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            KeySchemaElement k = keys.get(i);
            if (k.keyType() == KeyType.HASH) {
                if (i > hashes) {
                    throw DynamoDbErrors.invalidParameter("Invalid Index KeySchema: A HASH KeySchemaElement follows a RANGE one");
                }
                hashes++;
            } else if (k.keyType() != KeyType.RANGE) {
                throw DynamoDbErrors.invalidParameter("Invalid Index KeySchema: Unknown KeyType: " + k.keyTypeAsString());
            }
            if (!names.add(k.attributeName())) {
                throw DynamoDbErrors.invalidParameter("Invalid Index KeySchema: The attribute " + k.attributeName()
                        + " appears more than once");
            }
        }
        if (hashes > MAX_KEY_ATTRIBUTES || keys.size() - hashes > MAX_KEY_ATTRIBUTES) {
            throw DynamoDbErrors.invalidParameter("Invalid Index KeySchema: A partition key or a sort key can be made of at most "
                    + MAX_KEY_ATTRIBUTES + " attributes");
        }
    }

    private static void keySchema(List<KeySchemaElement> keys, String what) {
        if (keys.size() > 2) {
            throw DynamoDbErrors.constraint(keys, what.equals("KeySchema") ? "keySchema" : "keySchema",
                    "Member must have length less than or equal to 2");
        }
        if (keys.get(0).keyType() != KeyType.HASH) {
            throw DynamoDbErrors.invalidParameter("Invalid " + what + ": The first KeySchemaElement is not a HASH key type");
        }
        if (keys.size() == 2) {
            if (keys.get(1).keyType() != KeyType.RANGE) {
                throw DynamoDbErrors.invalidParameter("Invalid " + what + ": The second KeySchemaElement is not a RANGE key type");
            }
            if (keys.get(0).attributeName().equals(keys.get(1).attributeName())) {
                throw DynamoDbErrors.invalidParameter("Both the Hash Key and the Range Key element in the " + what
                        + " have the same name");
            }
        }
    }

}
