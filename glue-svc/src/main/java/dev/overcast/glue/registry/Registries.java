package dev.overcast.glue.registry;

import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.GetRegistryResponse;
import software.amazon.awssdk.services.glue.model.GetSchemaResponse;
import software.amazon.awssdk.services.glue.model.RegistryId;
import software.amazon.awssdk.services.glue.model.RegistryStatus;
import software.amazon.awssdk.services.glue.model.SchemaId;

/** Registries and schemas as stored documents, found by name or ARN. */
@Component
public class Registries {

    static final String REGISTRY = "registry";
    static final String SCHEMA = "schema";
    static final String DEFAULT = "default-registry";

    private final Resources resources;

    public Registries(Resources resources) {
        this.resources = resources;
    }

    Resources resources() {
        return resources;
    }

    /** A registry's name from its id (name or ARN); the default registry for none. */
    static String registryName(RegistryId id) {
        if (id == null) {
            return DEFAULT;
        }
        if (id.registryArn() != null) {
            return id.registryArn().substring(id.registryArn().lastIndexOf('/') + 1);
        }
        return id.registryName() == null ? DEFAULT : id.registryName();
    }

    GetRegistryResponse registry(Scope s, RegistryId id) {
        String name = registryName(id);
        return resources.get(s, REGISTRY, name, GetRegistryResponse.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Registry is not found. RegistryName: " + name));
    }

    /** The registry, created when it is the default registry and does not exist yet (as Glue does). */
    GetRegistryResponse registryOrDefault(Scope s, RegistryId id, Instant now) {
        String name = registryName(id);
        if (name.equals(DEFAULT)) {
            resources.insert(s, REGISTRY, DEFAULT, GetRegistryResponse.builder().registryName(DEFAULT)
                    .registryArn(s.arn("registry/" + DEFAULT)).status(RegistryStatus.AVAILABLE)
                    .createdTime(now.toString()).updatedTime(now.toString()).build(), now);
        }
        return registry(s, id);
    }

    /** "registry/schema" of a SchemaId (names or ARN). */
    static String schemaKey(SchemaId id) {
        if (id == null) {
            throw GlueErrors.invalidInput("SchemaId is required.");
        }
        if (id.schemaArn() != null) {
            String arn = id.schemaArn();
            int at = arn.indexOf(":schema/");
            if (at < 0) {
                throw GlueErrors.invalidInput("Invalid schema ARN " + arn);
            }
            return arn.substring(at + ":schema/".length());
        }
        if (id.schemaName() == null) {
            throw GlueErrors.invalidInput("SchemaName or SchemaArn is required.");
        }
        return (id.registryName() == null ? DEFAULT : id.registryName()) + "/" + id.schemaName();
    }

    GetSchemaResponse schema(Scope s, String key) {
        return resources.get(s, SCHEMA, key, GetSchemaResponse.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Schema is not found. RegistryName: "
                        + key.substring(0, key.indexOf('/')) + ", SchemaName: " + key.substring(key.indexOf('/') + 1)));
    }
}
