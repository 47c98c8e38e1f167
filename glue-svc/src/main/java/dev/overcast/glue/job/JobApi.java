package dev.overcast.glue.job;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Models;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.glue.model.*;

/** Jobs: Create/Get/GetJobs/ListJobs/BatchGetJobs/Update/DeleteJob, Get/ResetJobBookmark. */
@AwsApi(api = "glue")
public class JobApi {

    static final String BOOKMARK = "bookmark";

    private final Resources resources;
    private final JobExecutor executor;
    private final JobRuns runs;
    private final SuiteClock clock;

    public JobApi(Resources resources, JobExecutor executor, JobRuns runs, SuiteClock clock) {
        this.resources = resources;
        this.executor = executor;
        this.runs = runs;
        this.clock = clock;
    }

    public CreateJobResponse createJob(RequestContext ctx, CreateJobRequest r) {
        Instant now = clock.now();
        Job job = Models.copySameTyped(r, Job.builder()).createdOn(now).lastModifiedOn(now)
                .executionProperty(r.executionProperty() != null ? r.executionProperty()
                        : ExecutionProperty.builder().maxConcurrentRuns(1).build())
                .maxRetries(r.maxRetries() == null ? 0 : r.maxRetries())
                .timeout(r.timeout() == null ? JobExecutor.DEFAULT_TIMEOUT_MINUTES : r.timeout()).build();
        if (!resources.insert(Scope.of(ctx), JobExecutor.KIND, r.name(), job, now)) {
            throw GlueErrors.alreadyExists("Job " + r.name() + " already exists.");
        }
        return CreateJobResponse.builder().name(r.name()).build();
    }

    public GetJobResponse getJob(RequestContext ctx, GetJobRequest r) {
        return GetJobResponse.builder().job(executor.require(Scope.of(ctx), r.jobName())).build();
    }

    public GetJobsResponse getJobs(RequestContext ctx, GetJobsRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<Job>> page = page(ctx, r.nextToken(), size);
        return GetJobsResponse.builder().jobs(page.stream().limit(size).map(Resources.Entry::doc).toList())
                .nextToken(next(page, size)).build();
    }

    public ListJobsResponse listJobs(RequestContext ctx, ListJobsRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<Job>> page = page(ctx, r.nextToken(), size);
        return ListJobsResponse.builder().jobNames(page.stream().limit(size).map(Resources.Entry::name).toList())
                .nextToken(next(page, size)).build();
    }

    private List<Resources.Entry<Job>> page(RequestContext ctx, String token, int size) {
        return resources.list(Scope.of(ctx), JobExecutor.KIND, "", PageTokens.decode("jobs", token), size + 1, Job.class);
    }

    private static String next(List<Resources.Entry<Job>> page, int size) {
        return page.size() > size ? PageTokens.encode("jobs", page.get(size - 1).name()) : null;
    }

    public BatchGetJobsResponse batchGetJobs(RequestContext ctx, BatchGetJobsRequest r) {
        List<Job> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : r.jobNames()) {
            resources.get(Scope.of(ctx), JobExecutor.KIND, name, Job.class)
                    .ifPresentOrElse(e -> found.add(e.doc()), () -> missing.add(name));
        }
        return BatchGetJobsResponse.builder().jobs(found).jobsNotFound(missing).build();
    }

    public UpdateJobResponse updateJob(RequestContext ctx, UpdateJobRequest r) {
        Scope s = Scope.of(ctx);
        Job old = executor.require(s, r.jobName());
        Instant now = clock.now();
        Job updated = Models.copySameTyped(r.jobUpdate(), Job.builder()).name(old.name()).createdOn(old.createdOn())
                .lastModifiedOn(now)
                .executionProperty(r.jobUpdate().executionProperty() != null ? r.jobUpdate().executionProperty()
                        : ExecutionProperty.builder().maxConcurrentRuns(1).build())
                .maxRetries(r.jobUpdate().maxRetries() == null ? 0 : r.jobUpdate().maxRetries())
                .timeout(r.jobUpdate().timeout() == null ? JobExecutor.DEFAULT_TIMEOUT_MINUTES : r.jobUpdate().timeout())
                .build();
        resources.update(s, JobExecutor.KIND, r.jobName(), updated, now);
        return UpdateJobResponse.builder().jobName(r.jobName()).build();
    }

    /** Deletes the job and its runs; a job that does not exist is no error (Glue answers the same). */
    public DeleteJobResponse deleteJob(RequestContext ctx, DeleteJobRequest r) {
        Scope s = Scope.of(ctx);
        resources.delete(s, JobExecutor.KIND, r.jobName());
        resources.delete(s, BOOKMARK, r.jobName());
        runs.deleteAll(s, r.jobName());
        return DeleteJobResponse.builder().jobName(r.jobName()).build();
    }

    public GetJobBookmarkResponse getJobBookmark(RequestContext ctx, GetJobBookmarkRequest r) {
        Scope s = Scope.of(ctx);
        executor.require(s, r.jobName());
        JobBookmarkEntry entry = resources.get(s, BOOKMARK, r.jobName(), JobBookmarkEntry.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Continuation for job " + r.jobName() + " not found"));
        return GetJobBookmarkResponse.builder().jobBookmarkEntry(entry).build();
    }

    public ResetJobBookmarkResponse resetJobBookmark(RequestContext ctx, ResetJobBookmarkRequest r) {
        Scope s = Scope.of(ctx);
        executor.require(s, r.jobName());
        JobBookmarkEntry entry = JobBookmarkEntry.builder().jobName(r.jobName()).version(0).run(0).attempt(0)
                .previousRunId(r.runId()).jobBookmark("{}").build();
        resources.put(s, BOOKMARK, r.jobName(), entry, clock.now());
        return ResetJobBookmarkResponse.builder().jobBookmarkEntry(entry).build();
    }
}
