package dev.overcast.glue.store;

import dev.overcast.common.api.RequestContext;

/** A Data Catalog: the catalog id (an account id, the caller's unless the request names another) in a region. */
public record Scope(String catalog, String region) {

    public static Scope of(RequestContext ctx, String catalogId) {
        return new Scope(catalogId == null || catalogId.isEmpty() ? ctx.account() : catalogId, ctx.region());
    }

    public static Scope of(RequestContext ctx) {
        return of(ctx, null);
    }

    /** An ARN of this scope: arn:aws:glue:region:account:resource. */
    public String arn(String resource) {
        return "arn:aws:glue:" + region + ":" + catalog + ":" + resource;
    }
}
