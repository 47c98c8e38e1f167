package dev.overcast.glue.crawler;

import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.classifier.ClassifierApi;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.Classifier;
import software.amazon.awssdk.services.glue.model.CrawlState;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.LastCrawlInfo;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;

/**
 * Crawler state and runs: READY → RUNNING → (STOPPING →) READY, with LastCrawl set from how the crawl ended. The crawl
 * itself runs on a thread of this replica; its state lives in PostgreSQL, so StopCrawler works from any replica.
 */
@Component
public class Crawlers implements AutoCloseable {

    public static final String KIND = "crawler";
    private static final Logger LOG = LoggerFactory.getLogger(Crawlers.class);

    private final Resources resources;
    private final CrawlEngine engine;
    private final CrawlHistory history;
    private final ClassifierApi classifiers;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final ApplicationEventPublisher events;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public Crawlers(Resources resources, CrawlEngine engine, CrawlHistory history, ClassifierApi classifiers,
                    TransactionTemplate tx, SuiteClock clock, ApplicationEventPublisher events) {
        this.resources = resources;
        this.engine = engine;
        this.history = history;
        this.classifiers = classifiers;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    public Crawler require(Scope scope, String name) {
        return resources.get(scope, KIND, name, Crawler.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Crawler with name " + name + " does not exist."));
    }

    /** Starts a crawl; CrawlerRunningException unless the crawler is READY. Returns the crawl's id. */
    public String start(Scope scope, String name) {
        return start(scope, name, UUID.randomUUID().toString());
    }

    /** Starts a crawl with an id chosen by the caller (a workflow run records it before the crawl can end). */
    public String start(Scope scope, String name, String crawlId) {
        Instant now = clock.now();
        Crawler crawler = tx.execute(s -> {
            Crawler c = resources.lock(scope, KIND, name, Crawler.class).map(Resources.Entry::doc)
                    .orElseThrow(() -> GlueErrors.entityNotFound("Crawler with name " + name + " does not exist."));
            if (c.state() != CrawlerState.READY) {
                throw GlueErrors.crawlerRunning("Crawler with name " + name + " has already started");
            }
            Crawler running = c.toBuilder().state(CrawlerState.RUNNING).build();
            resources.update(scope, KIND, name, running, now);
            history.start(scope, name, crawlId, now);
            return running;
        });
        executor.submit(() -> run(scope, crawler, crawlId, now));
        return crawlId;
    }

    public void stop(Scope scope, String name) {
        tx.executeWithoutResult(s -> {
            Crawler c = resources.lock(scope, KIND, name, Crawler.class).map(Resources.Entry::doc)
                    .orElseThrow(() -> GlueErrors.entityNotFound("Crawler with name " + name + " does not exist."));
            if (c.state() == CrawlerState.STOPPING) {
                throw GlueErrors.crawlerStopping("Crawler with name " + name + " is stopping");
            }
            if (c.state() != CrawlerState.RUNNING) {
                throw GlueErrors.crawlerNotRunning("Crawler with name " + name + " isn't running");
            }
            resources.update(scope, KIND, name, c.toBuilder().state(CrawlerState.STOPPING).build(), clock.now());
        });
    }

    private boolean stopping(Scope scope, String name) {
        return resources.get(scope, KIND, name, Crawler.class).map(e -> e.doc().state() == CrawlerState.STOPPING)
                .orElse(true);
    }

    private void run(Scope scope, Crawler crawler, String crawlId, Instant started) {
        String error = null;
        CrawlEngine.Outcome outcome = null;
        try {
            String unsupported = unsupportedTargets(crawler);
            if (unsupported != null) {
                throw new IllegalStateException(unsupported);
            }
            List<Classifier> custom = crawler.hasClassifiers() ? classifiers.named(scope, crawler.classifiers()) : List.of();
            outcome = engine.crawl(scope, crawler, custom, () -> stopping(scope, crawler.name()),
                    line -> history.log(crawlId, line));
        } catch (RuntimeException e) {
            LOG.info("crawl {} of {} failed", crawlId, crawler.name(), e);
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        finish(scope, crawler.name(), crawlId, started, outcome, error);
    }

    private void finish(Scope scope, String name, String crawlId, Instant started, CrawlEngine.Outcome outcome,
                        String error) {
        Instant now = clock.now();
        boolean cancelled = stopping(scope, name);
        LastCrawlStatus status = error != null ? LastCrawlStatus.FAILED : cancelled ? LastCrawlStatus.CANCELLED
                : LastCrawlStatus.SUCCEEDED;
        CrawlState state = error != null ? CrawlState.FAILED : cancelled ? CrawlState.CANCELLED : CrawlState.SUCCEEDED;
        tx.executeWithoutResult(s -> {
            resources.lock(scope, KIND, name, Crawler.class).ifPresent(e -> resources.update(scope, KIND, name,
                    e.doc().toBuilder().state(CrawlerState.READY)
                            .crawlElapsedTime(Duration.between(started, now).toMillis())
                            .lastCrawl(LastCrawlInfo.builder().status(status).errorMessage(error)
                                    .logGroup("/aws-glue/crawlers").logStream(name).messagePrefix(crawlId)
                                    .startTime(started).build()).build(), now));
            history.end(crawlId, state == CrawlState.SUCCEEDED ? "COMPLETED" : state == CrawlState.FAILED ? "FAILED"
                    : "STOPPED", error, outcome, now);
        });
        events.publishEvent(new CrawlerFinished(scope, name, state.toString(), crawlId));
    }

    private static String unsupportedTargets(Crawler c) {
        var t = c.targets();
        if (t.hasMongoDBTargets() && !t.mongoDBTargets().isEmpty() || t.hasCatalogTargets() && !t.catalogTargets().isEmpty()
                || t.hasDeltaTargets() && !t.deltaTargets().isEmpty() || t.hasIcebergTargets() && !t.icebergTargets().isEmpty()
                || t.hasHudiTargets() && !t.hudiTargets().isEmpty()) {
            return "Overcast crawls S3, DynamoDB and JDBC targets only so far: MongoDB, catalog, Delta, Iceberg and Hudi"
                    + " targets are not crawled yet";
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
