package dev.overcast.glue.crawler;

import dev.overcast.glue.store.Scope;

/** Published when a crawl ends (state SUCCEEDED, FAILED or CANCELLED), for conditional triggers and workflows. */
public record CrawlerFinished(Scope scope, String crawler, String state, String crawlId) {
}
