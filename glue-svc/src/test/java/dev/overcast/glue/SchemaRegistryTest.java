package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;

/** The Schema Registry with real compatibility checks. */
class SchemaRegistryTest {

    static final String V1 = """
            {"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}""".strip();
    /** adds a field with a default: a reader of V2 reads V1's data (backward compatible) */
    static final String V2 = """
            {"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"email","type":"string","default":""}]}""".strip();
    /** adds a field without a default: a reader of V3 cannot read V2's data */
    static final String BREAKING = """
            {"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"email","type":"string","default":""},{"name":"age","type":"int"}]}""".strip();

    final GlueClient glue = GlueTestService.client();

    @Test
    void backwardRefusesABreakingAvroChangeAndAcceptsACompatibleOne() {
        String registry = GlueTestService.name("reg");
        glue.createRegistry(b -> b.registryName(registry).description("users"));
        String schema = GlueTestService.name("user");
        CreateSchemaResponse created = glue.createSchema(b -> b.registryId(r -> r.registryName(registry)).schemaName(schema)
                .dataFormat(DataFormat.AVRO).compatibility(Compatibility.BACKWARD).schemaDefinition(V1));
        assertThat(created.schemaVersionStatus()).isEqualTo(SchemaVersionStatus.AVAILABLE);
        SchemaId id = SchemaId.builder().registryName(registry).schemaName(schema).build();

        RegisterSchemaVersionResponse ok = glue.registerSchemaVersion(b -> b.schemaId(id).schemaDefinition(V2));
        assertThat(ok.status()).isEqualTo(SchemaVersionStatus.AVAILABLE);
        assertThat(ok.versionNumber()).isEqualTo(2L);

        RegisterSchemaVersionResponse refused = glue.registerSchemaVersion(b -> b.schemaId(id).schemaDefinition(BREAKING));
        assertThat(refused.status()).isEqualTo(SchemaVersionStatus.FAILURE);
        assertThat(glue.getSchema(b -> b.schemaId(id)).latestSchemaVersion()).isEqualTo(2L);

        // the same definition again is the version it already is
        assertThat(glue.registerSchemaVersion(b -> b.schemaId(id).schemaDefinition(V2)).schemaVersionId())
                .isEqualTo(ok.schemaVersionId());
        assertThat(glue.getSchemaByDefinition(b -> b.schemaId(id).schemaDefinition(V1)).schemaVersionId())
                .isEqualTo(created.schemaVersionId());
        GetSchemaVersionResponse latest = glue.getSchemaVersion(b -> b.schemaId(id)
                .schemaVersionNumber(n -> n.latestVersion(true)));
        assertThat(latest.versionNumber()).isEqualTo(2L);
        assertThat(glue.listSchemaVersions(b -> b.schemaId(id)).schemas()).hasSize(3);

        glue.putSchemaVersionMetadata(b -> b.schemaId(id).schemaVersionNumber(n -> n.versionNumber(2L))
                .metadataKeyValue(m -> m.metadataKey("owner").metadataValue("team-a")));
        assertThat(glue.querySchemaVersionMetadata(b -> b.schemaVersionId(ok.schemaVersionId())).metadataInfoMap()
                .get("owner").metadataValue()).isEqualTo("team-a");

        // NONE accepts anything
        glue.updateSchema(b -> b.schemaId(id).compatibility(Compatibility.NONE));
        assertThat(glue.registerSchemaVersion(b -> b.schemaId(id).schemaDefinition(BREAKING.replace("age", "years")))
                .status()).isEqualTo(SchemaVersionStatus.AVAILABLE);
    }

    @Test
    void validityAndErrors() {
        assertThat(glue.checkSchemaVersionValidity(b -> b.dataFormat(DataFormat.AVRO).schemaDefinition(V1)).valid()).isTrue();
        CheckSchemaVersionValidityResponse bad = glue.checkSchemaVersionValidity(b -> b.dataFormat(DataFormat.AVRO)
                .schemaDefinition("{\"type\":\"record\"}"));
        assertThat(bad.valid()).isFalse();
        assertThat(bad.error()).isNotBlank();
        assertThatThrownBy(() -> glue.getRegistry(b -> b.registryId(r -> r.registryName("nope"))))
                .isInstanceOf(EntityNotFoundException.class);
        String schema = GlueTestService.name("json");
        glue.createSchema(b -> b.schemaName(schema).dataFormat(DataFormat.JSON).compatibility(Compatibility.BACKWARD)
                .schemaDefinition("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"));
        SchemaId id = SchemaId.builder().schemaName(schema).build();
        assertThat(glue.registerSchemaVersion(b -> b.schemaId(id).schemaDefinition(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},"
                        + "\"required\":[\"b\"]}")).status()).isEqualTo(SchemaVersionStatus.FAILURE);
        assertThat(glue.getSchema(b -> b.schemaId(id)).registryName()).isEqualTo("default-registry");
    }

    static final String ORDER = """
            syntax = "proto3";
            package shop;
            message Order {
              int64 id = 1;
              string customer = 2;
              Line line = 3;
              message Line { string sku = 1; int32 qty = 2; }
            }
            """;
    /** adds a field: both directions read it (unknown fields are skipped, missing ones default) */
    static final String ORDER_TOTAL = ORDER.replace("Line line = 3;", "Line line = 3;\n  double total = 4;");
    /** field number 2 reused with another wire type */
    static final String ORDER_RETYPED = ORDER.replace("string customer = 2;", "int32 customer = 2;");
    /** field 2 renamed and widened within the varint encoding, field 1 moved: wire-compatible */
    static final String ORDER_RENAMED = ORDER.replace("string customer = 2;", "string buyer = 2;")
            .replace("int32 qty = 2;", "int64 qty = 2;");
    static final String ORDER_NO_CUSTOMER = ORDER.replace("string customer = 2;", "reserved 2;");
    static final String ORDER_CUSTOMER_ID = ORDER.replace("string customer = 2;", "int32 customer_id = 2;");
    static final String LEGACY = """
            syntax = "proto2";
            message Event { required int64 id = 1; optional string note = 2; }
            """;
    static final String LEGACY_REQUIRED_ADDED = LEGACY.replace("optional string note = 2;",
            "optional string note = 2; required int32 kind = 3;");
    static final String LEGACY_REQUIRED_REMOVED = LEGACY.replace("required int64 id = 1;", "");

    /**
     * The definition on one line: common's model validation matches SchemaDefinitionString's pattern {@code .*\S.*}
     * without DOTALL, so a multi-line definition is refused before it reaches the handler.
     */
    static String one(String definition) {
        return definition.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    SchemaId protobuf(Compatibility mode, String multiLine) {
        String first = one(multiLine);
        String schema = GlueTestService.name("proto");
        CreateSchemaResponse created = glue.createSchema(b -> b.schemaName(schema).dataFormat(DataFormat.PROTOBUF)
                .compatibility(mode).schemaDefinition(first));
        assertThat(created.schemaVersionStatus()).isEqualTo(SchemaVersionStatus.AVAILABLE);
        return SchemaId.builder().schemaName(schema).build();
    }

    SchemaVersionStatus register(SchemaId id, String definition) {
        return glue.registerSchemaVersion(b -> b.schemaId(id).schemaDefinition(one(definition))).status();
    }

    @Test
    void protobufCompatibilityUnderEveryMode() {
        for (Compatibility mode : new Compatibility[] {Compatibility.BACKWARD, Compatibility.FORWARD, Compatibility.FULL,
                Compatibility.BACKWARD_ALL, Compatibility.FORWARD_ALL, Compatibility.FULL_ALL}) {
            SchemaId id = protobuf(mode, ORDER);
            assertThat(register(id, ORDER_RETYPED)).as(mode + " retyped").isEqualTo(SchemaVersionStatus.FAILURE);
            assertThat(register(id, ORDER_TOTAL)).as(mode + " added").isEqualTo(SchemaVersionStatus.AVAILABLE);
            assertThat(register(id, ORDER_RENAMED.replace("Line line = 3;", "Line line = 3;\n  double total = 4;")))
                    .as(mode + " renamed").isEqualTo(SchemaVersionStatus.AVAILABLE);
            // a message added: a new reader reads the older data, an older reader cannot read the new message
            SchemaVersionStatus added = register(id, ORDER_RENAMED.replace("Line line = 3;", "Line line = 3;\n  double total = 4;")
                    + "message Refund { int64 order_id = 1; }");
            assertThat(added).as(mode + " message added").isEqualTo(mode.toString().startsWith("BACKWARD")
                    ? SchemaVersionStatus.AVAILABLE : SchemaVersionStatus.FAILURE);
            // a message the older versions write is gone (renamed): no new reader reads their data
            assertThat(register(id, ORDER.replace("message Order", "message Sale"))).as(mode + " removed")
                    .isEqualTo(SchemaVersionStatus.FAILURE);
        }

        // proto2 required fields: adding one breaks BACKWARD, removing one breaks FORWARD
        SchemaId backward = protobuf(Compatibility.BACKWARD, LEGACY);
        assertThat(register(backward, LEGACY_REQUIRED_ADDED)).isEqualTo(SchemaVersionStatus.FAILURE);
        assertThat(register(backward, LEGACY_REQUIRED_REMOVED)).isEqualTo(SchemaVersionStatus.AVAILABLE);
        SchemaId forward = protobuf(Compatibility.FORWARD, LEGACY);
        assertThat(register(forward, LEGACY_REQUIRED_REMOVED)).isEqualTo(SchemaVersionStatus.FAILURE);
        assertThat(register(forward, LEGACY_REQUIRED_ADDED)).isEqualTo(SchemaVersionStatus.AVAILABLE);

        // field 2 removed, then reused with another type: the latest allows it, the first version does not
        SchemaId latestOnly = protobuf(Compatibility.BACKWARD, ORDER);
        assertThat(register(latestOnly, ORDER_NO_CUSTOMER)).isEqualTo(SchemaVersionStatus.AVAILABLE);
        assertThat(register(latestOnly, ORDER_CUSTOMER_ID)).isEqualTo(SchemaVersionStatus.AVAILABLE);
        SchemaId all = protobuf(Compatibility.BACKWARD_ALL, ORDER);
        assertThat(register(all, ORDER_NO_CUSTOMER)).isEqualTo(SchemaVersionStatus.AVAILABLE);
        assertThat(register(all, ORDER_CUSTOMER_ID)).isEqualTo(SchemaVersionStatus.FAILURE);

        // two fields moved into one oneof: a writer could set both, a reader keeps one
        SchemaId full = protobuf(Compatibility.FULL, ORDER);
        assertThat(register(full, ORDER.replace("int64 id = 1;\n  string customer = 2;",
                "oneof key { int64 id = 1; string customer = 2; }"))).isEqualTo(SchemaVersionStatus.FAILURE);

        SchemaId none = protobuf(Compatibility.NONE, ORDER);
        assertThat(register(none, ORDER_RETYPED)).isEqualTo(SchemaVersionStatus.AVAILABLE);
        SchemaId disabled = protobuf(Compatibility.DISABLED, ORDER);
        assertThatThrownBy(() -> register(disabled, ORDER_TOTAL)).isInstanceOf(InvalidInputException.class);
        // the same definition, formatted otherwise, is the version it already is
        assertThat(glue.getSchemaByDefinition(b -> b.schemaId(none).schemaDefinition(one(ORDER).replace(" ", "  ")))
                .status()).isEqualTo(SchemaVersionStatus.AVAILABLE);
    }

    @Test
    void protobufSyntaxErrorsAreInvalidInput() {
        assertThat(glue.checkSchemaVersionValidity(b -> b.dataFormat(DataFormat.PROTOBUF).schemaDefinition(one(ORDER)))
                .valid()).isTrue();
        CheckSchemaVersionValidityResponse bad = glue.checkSchemaVersionValidity(b -> b.dataFormat(DataFormat.PROTOBUF)
                .schemaDefinition("syntax = \"proto3\"; message Order { int64 id = ; }"));
        assertThat(bad.valid()).isFalse();
        assertThat(bad.error()).startsWith("Schema definition of PROTOBUF data format is invalid");
        assertThat(glue.checkSchemaVersionValidity(b -> b.dataFormat(DataFormat.PROTOBUF)
                .schemaDefinition("syntax = \"proto3\"; message Order { Missing m = 1; int32 a = 2; int32 b = 2; }"))
                .valid()).isFalse();
        String schema = GlueTestService.name("proto");
        assertThatThrownBy(() -> glue.createSchema(b -> b.schemaName(schema).dataFormat(DataFormat.PROTOBUF)
                .compatibility(Compatibility.BACKWARD).schemaDefinition("message {")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Schema definition of PROTOBUF data format is invalid");
        assertThatThrownBy(() -> glue.getSchema(b -> b.schemaId(s -> s.schemaName(schema))))
                .isInstanceOf(EntityNotFoundException.class);
        SchemaId id = protobuf(Compatibility.BACKWARD, ORDER);
        assertThatThrownBy(() -> register(id, "syntax = \"proto3\"; message Order { int64 id = 1 }"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(glue.listSchemaVersions(b -> b.schemaId(id)).schemas()).hasSize(1);
    }
}
