package dev.overcast.glue.registry;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.*;

/** Metadata of schema versions: Put/Query/RemoveSchemaVersionMetadata (key → values, up to 10 keys per version). */
@AwsApi(api = "glue")
public class SchemaVersionMetadataApi {

    static final int MAX_KEYS = 10;

    private final Registries registries;
    private final SchemaVersions versions;

    public SchemaVersionMetadataApi(Registries registries, SchemaVersions versions) {
        this.registries = registries;
        this.versions = versions;
    }

    /** A version by its id, or by schema and number (or the latest). */
    static SchemaVersions.Version find(Registries registries, SchemaVersions versions, Scope s, SchemaId schemaId,
                                      SchemaVersionNumber number, String versionId) {
        if (versionId != null) {
            return versions.byId(s, versionId).orElseThrow(() -> GlueErrors.entityNotFound("Schema version is not found."));
        }
        String key = Registries.schemaKey(schemaId);
        GetSchemaResponse schema = registries.schema(s, key);
        long n = number == null || Boolean.TRUE.equals(number.latestVersion()) || number.versionNumber() == null
                ? schema.latestSchemaVersion() : number.versionNumber();
        return versions.all(s, key).stream().filter(v -> v.number() == n).findFirst()
                .orElseThrow(() -> GlueErrors.entityNotFound("Schema version is not found."));
    }

    public PutSchemaVersionMetadataResponse putSchemaVersionMetadata(RequestContext ctx, PutSchemaVersionMetadataRequest r) {
        Scope s = Scope.of(ctx);
        SchemaVersions.Version v = find(registries, versions, s, r.schemaId(), r.schemaVersionNumber(), r.schemaVersionId());
        Map<String, List<String>> metadata = new LinkedHashMap<>(v.metadata());
        String k = r.metadataKeyValue().metadataKey();
        String value = r.metadataKeyValue().metadataValue();
        if (!metadata.containsKey(k) && metadata.size() >= MAX_KEYS) {
            throw GlueErrors.resourceNumberLimitExceeded("Schema version metadata can have at most " + MAX_KEYS + " keys.");
        }
        List<String> values = new ArrayList<>(metadata.getOrDefault(k, List.of()));
        if (values.contains(value)) {
            throw GlueErrors.alreadyExists("Metadata key and value already exist.");
        }
        values.add(value);
        metadata.put(k, values);
        versions.setMetadata(v.id(), metadata);
        GetSchemaResponse schema = registries.schema(s, v.schemaKey());
        return PutSchemaVersionMetadataResponse.builder().schemaArn(schema.schemaArn()).schemaName(schema.schemaName())
                .registryName(schema.registryName()).latestVersion(v.number() == schema.latestSchemaVersion())
                .versionNumber(v.number()).schemaVersionId(v.id()).metadataKey(k).metadataValue(value).build();
    }

    public QuerySchemaVersionMetadataResponse querySchemaVersionMetadata(RequestContext ctx,
                                                                         QuerySchemaVersionMetadataRequest r) {
        Scope s = Scope.of(ctx);
        SchemaVersions.Version v = find(registries, versions, s, r.schemaId(), r.schemaVersionNumber(), r.schemaVersionId());
        Map<String, MetadataInfo> out = new LinkedHashMap<>();
        v.metadata().forEach((k, values) -> {
            boolean wanted = !r.hasMetadataList() || r.metadataList().isEmpty() || r.metadataList().stream()
                    .anyMatch(f -> k.equals(f.metadataKey()) && (f.metadataValue() == null || values.contains(f.metadataValue())));
            if (wanted && !values.isEmpty()) {
                String latest = values.get(values.size() - 1);
                out.put(k, MetadataInfo.builder().metadataValue(latest).createdTime(v.createdAt().toString())
                        .otherMetadataValueList(values.subList(0, values.size() - 1).stream().map(x ->
                                OtherMetadataValueListItem.builder().metadataValue(x).createdTime(v.createdAt().toString())
                                        .build()).toList()).build());
            }
        });
        return QuerySchemaVersionMetadataResponse.builder().metadataInfoMap(out).schemaVersionId(v.id()).build();
    }

    public RemoveSchemaVersionMetadataResponse removeSchemaVersionMetadata(RequestContext ctx,
                                                                           RemoveSchemaVersionMetadataRequest r) {
        Scope s = Scope.of(ctx);
        SchemaVersions.Version v = find(registries, versions, s, r.schemaId(), r.schemaVersionNumber(), r.schemaVersionId());
        Map<String, List<String>> metadata = new LinkedHashMap<>(v.metadata());
        String k = r.metadataKeyValue().metadataKey();
        String value = r.metadataKeyValue().metadataValue();
        List<String> values = new ArrayList<>(metadata.getOrDefault(k, List.of()));
        if (!values.remove(value)) {
            throw GlueErrors.entityNotFound("Metadata key and value are not found.");
        }
        if (values.isEmpty()) {
            metadata.remove(k);
        } else {
            metadata.put(k, values);
        }
        versions.setMetadata(v.id(), metadata);
        GetSchemaResponse schema = registries.schema(s, v.schemaKey());
        return RemoveSchemaVersionMetadataResponse.builder().schemaArn(schema.schemaArn()).schemaName(schema.schemaName())
                .registryName(schema.registryName()).versionNumber(v.number()).schemaVersionId(v.id())
                .metadataKey(k).metadataValue(value).build();
    }
}
