package dev.overcast.glue.crawler;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.glue.store.Models;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.schedule.CronExpression;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Crawlers: Create/Get/GetCrawlers/ListCrawlers/BatchGetCrawlers/Update/DeleteCrawler, Start/StopCrawler,
 * GetCrawlerMetrics, ListCrawls, Start/Stop/UpdateCrawlerSchedule.
 */
@AwsApi(api = "glue")
public class CrawlerApi {

    private final Resources resources;
    private final Crawlers crawlers;
    private final CrawlHistory history;
    private final SuiteClock clock;

    public CrawlerApi(Resources resources, Crawlers crawlers, CrawlHistory history, SuiteClock clock) {
        this.resources = resources;
        this.crawlers = crawlers;
        this.history = history;
        this.clock = clock;
    }

    public CreateCrawlerResponse createCrawler(RequestContext ctx, CreateCrawlerRequest r) {
        Instant now = clock.now();
        if (r.targets() == null) {
            throw GlueErrors.invalidInput("Crawler must have at least one target.");
        }
        Crawler c = Models.copySameTyped(r, Crawler.builder()).state(CrawlerState.READY).creationTime(now).lastUpdated(now)
                .version(1L).schedule(schedule(r.schedule(), r.schedule() == null ? null : ScheduleState.SCHEDULED))
                .schemaChangePolicy(r.schemaChangePolicy() != null ? r.schemaChangePolicy() : SchemaChangePolicy.builder()
                        .updateBehavior(UpdateBehavior.UPDATE_IN_DATABASE)
                        .deleteBehavior(DeleteBehavior.DEPRECATE_IN_DATABASE).build())
                .recrawlPolicy(r.recrawlPolicy() != null ? r.recrawlPolicy() : RecrawlPolicy.builder()
                        .recrawlBehavior(RecrawlBehavior.CRAWL_EVERYTHING).build())
                .lineageConfiguration(r.lineageConfiguration() != null ? r.lineageConfiguration()
                        : LineageConfiguration.builder().crawlerLineageSettings(CrawlerLineageSettings.DISABLE).build())
                .build();
        checkPolicies(c);
        if (!resources.insert(Scope.of(ctx), Crawlers.KIND, r.name(), c, now)) {
            throw GlueErrors.alreadyExists(r.name() + " already exists");
        }
        return CreateCrawlerResponse.builder().build();
    }

    public GetCrawlerResponse getCrawler(RequestContext ctx, GetCrawlerRequest r) {
        return GetCrawlerResponse.builder().crawler(crawlers.require(Scope.of(ctx), r.name())).build();
    }

    public GetCrawlersResponse getCrawlers(RequestContext ctx, GetCrawlersRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<Crawler>> page = page(ctx, r.nextToken(), size);
        return GetCrawlersResponse.builder().crawlers(page.stream().limit(size).map(Resources.Entry::doc).toList())
                .nextToken(next(page, size)).build();
    }

    public ListCrawlersResponse listCrawlers(RequestContext ctx, ListCrawlersRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<Crawler>> page = page(ctx, r.nextToken(), size);
        return ListCrawlersResponse.builder().crawlerNames(page.stream().limit(size).map(Resources.Entry::name).toList())
                .nextToken(next(page, size)).build();
    }

    private List<Resources.Entry<Crawler>> page(RequestContext ctx, String token, int size) {
        return resources.list(Scope.of(ctx), Crawlers.KIND, "", PageTokens.decode(Crawlers.KIND, token), size + 1,
                Crawler.class);
    }

    private static String next(List<Resources.Entry<Crawler>> page, int size) {
        return page.size() > size ? PageTokens.encode(Crawlers.KIND, page.get(size - 1).name()) : null;
    }

    public BatchGetCrawlersResponse batchGetCrawlers(RequestContext ctx, BatchGetCrawlersRequest r) {
        List<Crawler> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : r.crawlerNames()) {
            Optional<Resources.Entry<Crawler>> e = resources.get(Scope.of(ctx), Crawlers.KIND, name, Crawler.class);
            e.ifPresentOrElse(x -> found.add(x.doc()), () -> missing.add(name));
        }
        return BatchGetCrawlersResponse.builder().crawlers(found).crawlersNotFound(missing).build();
    }

    public UpdateCrawlerResponse updateCrawler(RequestContext ctx, UpdateCrawlerRequest r) {
        Scope scope = Scope.of(ctx);
        Crawler old = crawlers.require(scope, r.name());
        if (old.state() != CrawlerState.READY) {
            throw GlueErrors.crawlerRunning("Crawler with name " + r.name() + " has already started");
        }
        Crawler.Builder b = old.toBuilder();
        Models.copySameTyped(r, b);
        if (r.schedule() != null) {
            b.schedule(schedule(r.schedule(), r.schedule().isEmpty() ? null : ScheduleState.SCHEDULED));
        }
        b.version(old.version() + 1).lastUpdated(clock.now()).state(old.state());
        Crawler updated = b.build();
        checkPolicies(updated);
        resources.update(scope, Crawlers.KIND, r.name(), updated, clock.now());
        return UpdateCrawlerResponse.builder().build();
    }

    public DeleteCrawlerResponse deleteCrawler(RequestContext ctx, DeleteCrawlerRequest r) {
        Scope scope = Scope.of(ctx);
        Crawler c = crawlers.require(scope, r.name());
        if (c.state() != CrawlerState.READY) {
            throw GlueErrors.crawlerRunning("Crawler with name " + r.name() + " is running");
        }
        resources.delete(scope, Crawlers.KIND, r.name());
        history.deleteAll(scope, r.name());
        return DeleteCrawlerResponse.builder().build();
    }

    public StartCrawlerResponse startCrawler(RequestContext ctx, StartCrawlerRequest r) {
        crawlers.start(Scope.of(ctx), r.name());
        return StartCrawlerResponse.builder().build();
    }

    public StopCrawlerResponse stopCrawler(RequestContext ctx, StopCrawlerRequest r) {
        crawlers.stop(Scope.of(ctx), r.name());
        return StopCrawlerResponse.builder().build();
    }

    public GetCrawlerMetricsResponse getCrawlerMetrics(RequestContext ctx, GetCrawlerMetricsRequest r) {
        Scope scope = Scope.of(ctx);
        List<String> names = r.hasCrawlerNameList() && !r.crawlerNameList().isEmpty() ? r.crawlerNameList()
                : resources.list(scope, Crawlers.KIND, "", null, 1000, Crawler.class).stream().map(Resources.Entry::name).toList();
        List<CrawlerMetrics> metrics = new ArrayList<>();
        for (String name : names) {
            Crawler c = crawlers.require(scope, name);
            List<CrawlHistory.Crawl> crawls = history.list(scope, name, 1000, 0).stream()
                    .filter(x -> x.endedAt() != null).toList();
            CrawlHistory.Crawl last = crawls.isEmpty() ? null : crawls.get(0);
            List<Double> runtimes = crawls.stream()
                    .map(x -> (x.endedAt().toEpochMilli() - x.startedAt().toEpochMilli()) / 1000.0).sorted().toList();
            metrics.add(CrawlerMetrics.builder().crawlerName(name).stillEstimating(c.state() == CrawlerState.RUNNING)
                    .timeLeftSeconds(0.0)
                    .lastRuntimeSeconds(last == null ? 0.0 : (last.endedAt().toEpochMilli() - last.startedAt().toEpochMilli()) / 1000.0)
                    .medianRuntimeSeconds(runtimes.isEmpty() ? 0.0 : runtimes.get(runtimes.size() / 2))
                    .tablesCreated(last == null ? 0 : last.tablesCreated()).tablesUpdated(last == null ? 0 : last.tablesUpdated())
                    .tablesDeleted(last == null ? 0 : last.tablesDeleted()).build());
        }
        return GetCrawlerMetricsResponse.builder().crawlerMetricsList(metrics).build();
    }

    public ListCrawlsResponse listCrawls(RequestContext ctx, ListCrawlsRequest r) {
        Scope scope = Scope.of(ctx);
        crawlers.require(scope, r.crawlerName());
        int size = PageTokens.size(r.maxResults(), 20, 1000);
        String at = PageTokens.decode("crawls", r.nextToken());
        int offset = at == null ? 0 : Integer.parseInt(at);
        List<CrawlHistory.Crawl> page = history.list(scope, r.crawlerName(), size + 1, offset);
        List<CrawlerHistory> list = page.stream().limit(size).map(c -> CrawlerHistory.builder().crawlId(c.id())
                .state(c.state()).startTime(c.startedAt()).endTime(c.endedAt()).errorMessage(c.error())
                .logGroup("/aws-glue/crawlers").logStream(r.crawlerName()).messagePrefix(c.id())
                .summary("{\"TABLE\":{\"ADD\":{\"Count\":" + c.tablesCreated() + "},\"UPDATE\":{\"Count\":"
                        + c.tablesUpdated() + "},\"DELETE\":{\"Count\":" + c.tablesDeleted() + "}},\"PARTITION\":{\"ADD\":"
                        + "{\"Count\":" + c.partitionsAdded() + "}}}").dpuHour(0.0).build()).toList();
        return ListCrawlsResponse.builder().crawls(list)
                .nextToken(page.size() > size ? PageTokens.encode("crawls", Integer.toString(offset + size)) : null).build();
    }

    public StartCrawlerScheduleResponse startCrawlerSchedule(RequestContext ctx, StartCrawlerScheduleRequest r) {
        setSchedule(ctx, r.crawlerName(), null, ScheduleState.SCHEDULED);
        return StartCrawlerScheduleResponse.builder().build();
    }

    public StopCrawlerScheduleResponse stopCrawlerSchedule(RequestContext ctx, StopCrawlerScheduleRequest r) {
        setSchedule(ctx, r.crawlerName(), null, ScheduleState.NOT_SCHEDULED);
        return StopCrawlerScheduleResponse.builder().build();
    }

    public UpdateCrawlerScheduleResponse updateCrawlerSchedule(RequestContext ctx, UpdateCrawlerScheduleRequest r) {
        setSchedule(ctx, r.crawlerName(), r.schedule(), null);
        return UpdateCrawlerScheduleResponse.builder().build();
    }

    private void setSchedule(RequestContext ctx, String name, String expression, ScheduleState state) {
        Scope scope = Scope.of(ctx);
        Crawler c = crawlers.require(scope, name);
        Schedule old = c.schedule();
        if (old == null && expression == null) {
            throw GlueErrors.entityNotFound("Schedule of crawler " + name + " does not exist.");
        }
        if (state == ScheduleState.SCHEDULED && old.state() == ScheduleState.SCHEDULED) {
            throw new dev.overcast.common.error.AwsException("SchedulerRunningException", 400,
                    "Schedule of crawler " + name + " is already running.");
        }
        if (state == ScheduleState.NOT_SCHEDULED && old.state() != ScheduleState.SCHEDULED) {
            throw new dev.overcast.common.error.AwsException("SchedulerNotRunningException", 400,
                    "Schedule of crawler " + name + " is not running.");
        }
        Schedule next = schedule(expression != null ? expression : old.scheduleExpression(),
                state != null ? state : old == null ? ScheduleState.SCHEDULED : old.state());
        resources.update(scope, Crawlers.KIND, name, c.toBuilder().schedule(next).build(), clock.now());
    }

    /** Crawling new folders only needs a SchemaChangePolicy that only logs, as Glue requires. */
    private static void checkPolicies(Crawler c) {
        boolean newOnly = c.recrawlPolicy() != null
                && c.recrawlPolicy().recrawlBehavior() == RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY;
        SchemaChangePolicy p = c.schemaChangePolicy();
        if (newOnly && (p == null || p.updateBehavior() != UpdateBehavior.LOG || p.deleteBehavior() != DeleteBehavior.LOG)) {
            throw GlueErrors.invalidInput("The SchemaChangePolicy for \"Crawl new folders only\" Amazon S3 target can have"
                    + " only LOG DeleteBehavior value and LOG UpdateBehavior value.");
        }
    }

    /** A schedule checked as Glue parses cron (InvalidInputException otherwise). */
    private static Schedule schedule(String expression, ScheduleState state) {
        if (expression == null || expression.isEmpty()) {
            return null;
        }
        CronExpression.parse(expression);
        return Schedule.builder().scheduleExpression(expression).state(state).build();
    }
}
