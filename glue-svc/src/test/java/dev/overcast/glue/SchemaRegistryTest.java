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
}
