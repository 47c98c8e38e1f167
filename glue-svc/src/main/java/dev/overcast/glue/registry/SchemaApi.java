package dev.overcast.glue.registry;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Schemas and their versions: CreateSchema, GetSchema, ListSchemas, UpdateSchema, DeleteSchema, RegisterSchemaVersion
 * (checked against the schema's compatibility mode: an incompatible version is recorded with status FAILURE, as
 * Glue does), GetSchemaVersion, GetSchemaByDefinition, ListSchemaVersions, DeleteSchemaVersions,
 * CheckSchemaVersionValidity.
 */
@AwsApi(api = "glue")
public class SchemaApi {

    private final Registries registries;
    private final Resources resources;
    private final SchemaVersions versions;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public SchemaApi(Registries registries, SchemaVersions versions, TransactionTemplate tx, SuiteClock clock) {
        this.registries = registries;
        this.resources = registries.resources();
        this.versions = versions;
        this.tx = tx;
        this.clock = clock;
    }

    public CreateSchemaResponse createSchema(RequestContext ctx, CreateSchemaRequest r) {
        Scope s = Scope.of(ctx);
        Instant now = clock.now();
        GetRegistryResponse registry = registries.registryOrDefault(s, r.registryId(), now);
        String format = r.dataFormatAsString();
        String problem = r.schemaDefinition() == null ? null : Compatibility.invalid(format, r.schemaDefinition());
        if (problem != null) {
            throw GlueErrors.invalidInput(problem);
        }
        String key = registry.registryName() + "/" + r.schemaName();
        String compatibility = r.compatibility() == null ? "BACKWARD" : r.compatibilityAsString();
        GetSchemaResponse schema = GetSchemaResponse.builder().registryName(registry.registryName())
                .registryArn(registry.registryArn()).schemaName(r.schemaName()).schemaArn(s.arn("schema/" + key))
                .description(r.description()).dataFormat(format).compatibility(compatibility)
                .schemaCheckpoint(1L).latestSchemaVersion(r.schemaDefinition() == null ? 0L : 1L)
                .nextSchemaVersion(r.schemaDefinition() == null ? 1L : 2L).schemaStatus(SchemaStatus.AVAILABLE)
                .createdTime(now.toString()).updatedTime(now.toString()).build();
        String versionId = r.schemaDefinition() == null ? null : UUID.randomUUID().toString();
        tx.executeWithoutResult(st -> {
            if (!resources.insert(s, Registries.SCHEMA, key, schema, now)) {
                throw GlueErrors.alreadyExists("Schema already exists. SchemaName: " + r.schemaName());
            }
            if (versionId != null) {
                versions.insert(s, key, new SchemaVersions.Version(versionId, key, 1, r.schemaDefinition(),
                        "AVAILABLE", now, java.util.Map.of()));
            }
        });
        return CreateSchemaResponse.builder().registryName(schema.registryName()).registryArn(schema.registryArn())
                .schemaName(r.schemaName()).schemaArn(schema.schemaArn()).description(r.description())
                .dataFormat(format).compatibility(compatibility).schemaCheckpoint(1L)
                .latestSchemaVersion(schema.latestSchemaVersion()).nextSchemaVersion(schema.nextSchemaVersion())
                .schemaStatus(SchemaStatus.AVAILABLE).schemaVersionId(versionId)
                .schemaVersionStatus(versionId == null ? null : SchemaVersionStatus.AVAILABLE).tags(r.tags()).build();
    }

    public GetSchemaResponse getSchema(RequestContext ctx, GetSchemaRequest r) {
        return registries.schema(Scope.of(ctx), Registries.schemaKey(r.schemaId()));
    }

    public ListSchemasResponse listSchemas(RequestContext ctx, ListSchemasRequest r) {
        Scope s = Scope.of(ctx);
        String prefix = r.registryId() == null ? "" : registries.registry(s, r.registryId()).registryName() + "/";
        int size = PageTokens.size(r.maxResults(), 25, 100);
        List<Resources.Entry<GetSchemaResponse>> page = resources.list(s, Registries.SCHEMA, prefix,
                PageTokens.decode("schemas", r.nextToken()), size + 1, GetSchemaResponse.class);
        return ListSchemasResponse.builder().schemas(page.stream().limit(size).map(e -> SchemaListItem.builder()
                        .registryName(e.doc().registryName()).schemaName(e.doc().schemaName()).schemaArn(e.doc().schemaArn())
                        .description(e.doc().description()).schemaStatus(e.doc().schemaStatus())
                        .createdTime(e.doc().createdTime()).updatedTime(e.doc().updatedTime()).build()).toList())
                .nextToken(page.size() > size ? PageTokens.encode("schemas", page.get(size - 1).name()) : null).build();
    }

    public UpdateSchemaResponse updateSchema(RequestContext ctx, UpdateSchemaRequest r) {
        Scope s = Scope.of(ctx);
        String key = Registries.schemaKey(r.schemaId());
        GetSchemaResponse old = registries.schema(s, key);
        GetSchemaResponse.Builder b = old.toBuilder().updatedTime(clock.now().toString());
        if (r.compatibility() != null) {
            b.compatibility(r.compatibility());
        }
        if (r.description() != null) {
            b.description(r.description());
        }
        if (r.schemaVersionNumber() != null && r.schemaVersionNumber().versionNumber() != null) {
            b.schemaCheckpoint(r.schemaVersionNumber().versionNumber());
        }
        resources.update(s, Registries.SCHEMA, key, b.build(), clock.now());
        return UpdateSchemaResponse.builder().schemaArn(old.schemaArn()).schemaName(old.schemaName())
                .registryName(old.registryName()).build();
    }

    public DeleteSchemaResponse deleteSchema(RequestContext ctx, DeleteSchemaRequest r) {
        Scope s = Scope.of(ctx);
        String key = Registries.schemaKey(r.schemaId());
        GetSchemaResponse old = registries.schema(s, key);
        tx.executeWithoutResult(st -> {
            versions.deleteAll(s, key);
            resources.delete(s, Registries.SCHEMA, key);
        });
        return DeleteSchemaResponse.builder().schemaArn(old.schemaArn()).schemaName(old.schemaName())
                .status(SchemaStatus.DELETING).build();
    }

    public RegisterSchemaVersionResponse registerSchemaVersion(RequestContext ctx, RegisterSchemaVersionRequest r) {
        Scope s = Scope.of(ctx);
        String key = Registries.schemaKey(r.schemaId());
        Instant now = clock.now();
        return tx.execute(st -> {
            GetSchemaResponse schema = resources.lock(s, Registries.SCHEMA, key, GetSchemaResponse.class)
                    .map(Resources.Entry::doc).orElseGet(() -> registries.schema(s, key));
            String problem = Compatibility.invalid(schema.dataFormatAsString(), r.schemaDefinition());
            if (problem != null) {
                throw GlueErrors.invalidInput(problem);
            }
            List<SchemaVersions.Version> all = versions.all(s, key);
            for (SchemaVersions.Version v : all) {
                if (sameDefinition(schema.dataFormatAsString(), v.definition(), r.schemaDefinition())) {
                    return RegisterSchemaVersionResponse.builder().schemaVersionId(v.id()).versionNumber(v.number())
                            .status(v.status()).build();
                }
            }
            if ("DISABLED".equals(schema.compatibilityAsString())) {
                throw GlueErrors.invalidInput("Compatibility DISABLED does not allow versioning. SchemaId: " + key);
            }
            List<String> previous = all.stream().filter(v -> v.status().equals("AVAILABLE"))
                    .filter(v -> v.number() >= schema.schemaCheckpoint()).map(SchemaVersions.Version::definition).toList();
            boolean ok = Compatibility.allows(schema.compatibilityAsString(), schema.dataFormatAsString(),
                    r.schemaDefinition(), previous);
            long number = versions.next(s, key);
            String id = UUID.randomUUID().toString();
            String status = ok ? "AVAILABLE" : "FAILURE";
            versions.insert(s, key, new SchemaVersions.Version(id, key, number, r.schemaDefinition(), status, now,
                    java.util.Map.of()));
            GetSchemaResponse.Builder b = schema.toBuilder().nextSchemaVersion(number + 1).updatedTime(now.toString());
            if (ok) {
                b.latestSchemaVersion(number);
            }
            resources.update(s, Registries.SCHEMA, key, b.build(), now);
            return RegisterSchemaVersionResponse.builder().schemaVersionId(id).versionNumber(number).status(status).build();
        });
    }

    private static boolean sameDefinition(String format, String a, String b) {
        if (a.trim().equals(b.trim())) {
            return true;
        }
        try {
            if (format.equals("AVRO")) {
                return new org.apache.avro.Schema.Parser().parse(a).equals(new org.apache.avro.Schema.Parser().parse(b));
            }
            if (format.equals("PROTOBUF")) {
                String canonical = ProtobufSchemas.canonical(a);
                return canonical != null && canonical.equals(ProtobufSchemas.canonical(b));
            }
            if (format.equals("JSON")) {
                com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
                return m.readTree(a).equals(m.readTree(b));
            }
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
        return false;
    }

    public GetSchemaVersionResponse getSchemaVersion(RequestContext ctx, GetSchemaVersionRequest r) {
        Scope s = Scope.of(ctx);
        SchemaVersions.Version v = SchemaVersionMetadataApi.find(registries, versions, s, r.schemaId(),
                r.schemaVersionNumber(), r.schemaVersionId());
        GetSchemaResponse schema = registries.schema(s, v.schemaKey());
        return GetSchemaVersionResponse.builder().schemaVersionId(v.id()).schemaDefinition(v.definition())
                .dataFormat(schema.dataFormat()).schemaArn(schema.schemaArn()).versionNumber(v.number())
                .status(v.status()).createdTime(v.createdAt().toString()).build();
    }

    public GetSchemaByDefinitionResponse getSchemaByDefinition(RequestContext ctx, GetSchemaByDefinitionRequest r) {
        Scope s = Scope.of(ctx);
        String key = Registries.schemaKey(r.schemaId());
        GetSchemaResponse schema = registries.schema(s, key);
        return versions.all(s, key).stream()
                .filter(v -> sameDefinition(schema.dataFormatAsString(), v.definition(), r.schemaDefinition()))
                .findFirst().map(v -> GetSchemaByDefinitionResponse.builder().schemaVersionId(v.id())
                        .schemaArn(schema.schemaArn()).dataFormat(schema.dataFormat()).status(v.status())
                        .createdTime(v.createdAt().toString()).build())
                .orElseThrow(() -> GlueErrors.entityNotFound("Schema is not found."));
    }

    public ListSchemaVersionsResponse listSchemaVersions(RequestContext ctx, ListSchemaVersionsRequest r) {
        Scope s = Scope.of(ctx);
        String key = Registries.schemaKey(r.schemaId());
        GetSchemaResponse schema = registries.schema(s, key);
        int size = PageTokens.size(r.maxResults(), 25, 100);
        String at = PageTokens.decode("versions", r.nextToken());
        long after = at == null ? 0 : Long.parseLong(at);
        List<SchemaVersions.Version> all = versions.all(s, key).stream().filter(v -> v.number() > after).toList();
        List<SchemaVersionListItem> items = all.stream().limit(size).map(v -> SchemaVersionListItem.builder()
                .schemaArn(schema.schemaArn()).schemaVersionId(v.id()).versionNumber(v.number()).status(v.status())
                .createdTime(v.createdAt().toString()).build()).toList();
        return ListSchemaVersionsResponse.builder().schemas(items)
                .nextToken(all.size() > size ? PageTokens.encode("versions", Long.toString(all.get(size - 1).number())) : null)
                .build();
    }

    public DeleteSchemaVersionsResponse deleteSchemaVersions(RequestContext ctx, DeleteSchemaVersionsRequest r) {
        Scope s = Scope.of(ctx);
        String key = Registries.schemaKey(r.schemaId());
        GetSchemaResponse schema = registries.schema(s, key);
        List<Long> numbers = new ArrayList<>();
        for (String part : r.versions().split(",")) {
            String[] ends = part.trim().split("-");
            try {
                long lo = Long.parseLong(ends[0].trim());
                long hi = ends.length > 1 ? Long.parseLong(ends[1].trim()) : lo;
                for (long n = lo; n <= hi; n++) {
                    numbers.add(n);
                }
            } catch (NumberFormatException e) {
                throw GlueErrors.invalidInput("Invalid versions: " + r.versions());
            }
        }
        List<SchemaVersionErrorItem> errors = new ArrayList<>();
        List<SchemaVersions.Version> all = versions.all(s, key);
        for (long n : numbers) {
            SchemaVersions.Version v = all.stream().filter(x -> x.number() == n).findFirst().orElse(null);
            String problem = v == null ? "Schema version is not found." : n == schema.schemaCheckpoint()
                    ? "The checkpoint version cannot be deleted." : null;
            if (problem == null) {
                versions.delete(v.id());
            } else {
                errors.add(SchemaVersionErrorItem.builder().versionNumber(n).errorDetails(ErrorDetails.builder()
                        .errorCode(v == null ? "EntityNotFoundException" : "InvalidInputException").errorMessage(problem)
                        .build()).build());
            }
        }
        return DeleteSchemaVersionsResponse.builder().schemaVersionErrors(errors).build();
    }

    public CheckSchemaVersionValidityResponse checkSchemaVersionValidity(RequestContext ctx,
                                                                         CheckSchemaVersionValidityRequest r) {
        String problem = Compatibility.invalid(r.dataFormatAsString(), r.schemaDefinition());
        return CheckSchemaVersionValidityResponse.builder().valid(problem == null)
                .error(problem).build();
    }
}
