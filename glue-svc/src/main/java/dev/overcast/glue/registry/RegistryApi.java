package dev.overcast.glue.registry;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/** Schema Registry registries: Create/Get/List/Update/DeleteRegistry. */
@AwsApi(api = "glue")
public class RegistryApi {

    private final Registries registries;
    private final Resources resources;
    private final SchemaVersions versions;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public RegistryApi(Registries registries, SchemaVersions versions, TransactionTemplate tx, SuiteClock clock) {
        this.registries = registries;
        this.resources = registries.resources();
        this.versions = versions;
        this.tx = tx;
        this.clock = clock;
    }

    public CreateRegistryResponse createRegistry(RequestContext ctx, CreateRegistryRequest r) {
        Scope s = Scope.of(ctx);
        Instant now = clock.now();
        GetRegistryResponse doc = GetRegistryResponse.builder().registryName(r.registryName())
                .registryArn(s.arn("registry/" + r.registryName())).description(r.description())
                .status(RegistryStatus.AVAILABLE).createdTime(now.toString()).updatedTime(now.toString()).build();
        if (!resources.insert(s, Registries.REGISTRY, r.registryName(), doc, now)) {
            throw GlueErrors.alreadyExists("Registry already exists. RegistryName: " + r.registryName());
        }
        return CreateRegistryResponse.builder().registryName(r.registryName()).registryArn(doc.registryArn())
                .description(r.description()).tags(r.tags()).build();
    }

    public GetRegistryResponse getRegistry(RequestContext ctx, GetRegistryRequest r) {
        return registries.registry(Scope.of(ctx), r.registryId());
    }

    public ListRegistriesResponse listRegistries(RequestContext ctx, ListRegistriesRequest r) {
        int size = PageTokens.size(r.maxResults(), 25, 100);
        List<Resources.Entry<GetRegistryResponse>> page = resources.list(Scope.of(ctx), Registries.REGISTRY, "",
                PageTokens.decode("registries", r.nextToken()), size + 1, GetRegistryResponse.class);
        return ListRegistriesResponse.builder().registries(page.stream().limit(size).map(e -> RegistryListItem.builder()
                        .registryName(e.doc().registryName()).registryArn(e.doc().registryArn())
                        .description(e.doc().description()).status(e.doc().status()).createdTime(e.doc().createdTime())
                        .updatedTime(e.doc().updatedTime()).build()).toList())
                .nextToken(page.size() > size ? PageTokens.encode("registries", page.get(size - 1).name()) : null).build();
    }

    public UpdateRegistryResponse updateRegistry(RequestContext ctx, UpdateRegistryRequest r) {
        Scope s = Scope.of(ctx);
        GetRegistryResponse old = registries.registry(s, r.registryId());
        Instant now = clock.now();
        resources.update(s, Registries.REGISTRY, old.registryName(), old.toBuilder().description(r.description())
                .updatedTime(now.toString()).build(), now);
        return UpdateRegistryResponse.builder().registryName(old.registryName()).registryArn(old.registryArn()).build();
    }

    /** Deletes the registry with its schemas and their versions. */
    public DeleteRegistryResponse deleteRegistry(RequestContext ctx, DeleteRegistryRequest r) {
        Scope s = Scope.of(ctx);
        GetRegistryResponse old = registries.registry(s, r.registryId());
        tx.executeWithoutResult(st -> {
            resources.deleteByPrefix(s, Registries.SCHEMA, old.registryName() + "/");
            versions.deleteAll(s, old.registryName() + "/");
            resources.delete(s, Registries.REGISTRY, old.registryName());
        });
        return DeleteRegistryResponse.builder().registryName(old.registryName()).registryArn(old.registryArn())
                .status(RegistryStatus.DELETING).build();
    }
}
