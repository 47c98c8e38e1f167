package dev.overcast.glue.job;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Scope;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.glue.model.*;

/** Job runs: StartJobRun, GetJobRun, GetJobRuns, BatchStopJobRun. */
@AwsApi(api = "glue")
public class JobRunApi {

    private final JobExecutor executor;
    private final JobRuns runs;

    public JobRunApi(JobExecutor executor, JobRuns runs) {
        this.executor = executor;
        this.runs = runs;
    }

    public StartJobRunResponse startJobRun(RequestContext ctx, StartJobRunRequest r) {
        JobRun run = executor.start(Scope.of(ctx), r.jobName(), r.hasArguments() ? r.arguments() : null, r.timeout(),
                null, 0, r.jobRunId());
        return StartJobRunResponse.builder().jobRunId(run.id()).build();
    }

    public GetJobRunResponse getJobRun(RequestContext ctx, GetJobRunRequest r) {
        Scope s = Scope.of(ctx);
        executor.require(s, r.jobName());
        JobRun run = runs.find(s, r.jobName(), r.runId())
                .orElseThrow(() -> GlueErrors.entityNotFound("Job Run Id " + r.runId() + " not found"));
        return GetJobRunResponse.builder().jobRun(run).build();
    }

    public GetJobRunsResponse getJobRuns(RequestContext ctx, GetJobRunsRequest r) {
        Scope s = Scope.of(ctx);
        executor.require(s, r.jobName());
        int size = PageTokens.size(r.maxResults(), 100, 200);
        String at = PageTokens.decode("runs", r.nextToken());
        int offset = at == null ? 0 : Integer.parseInt(at);
        List<JobRun> page = runs.list(s, r.jobName(), size + 1, offset);
        return GetJobRunsResponse.builder().jobRuns(page.subList(0, Math.min(size, page.size())))
                .nextToken(page.size() > size ? PageTokens.encode("runs", Integer.toString(offset + size)) : null).build();
    }

    public BatchStopJobRunResponse batchStopJobRun(RequestContext ctx, BatchStopJobRunRequest r) {
        Scope s = Scope.of(ctx);
        executor.require(s, r.jobName());
        List<BatchStopJobRunSuccessfulSubmission> ok = new ArrayList<>();
        List<BatchStopJobRunError> errors = new ArrayList<>();
        for (String id : r.jobRunIds()) {
            if (executor.stop(s, r.jobName(), id)) {
                ok.add(BatchStopJobRunSuccessfulSubmission.builder().jobName(r.jobName()).jobRunId(id).build());
            } else {
                errors.add(BatchStopJobRunError.builder().jobName(r.jobName()).jobRunId(id).errorDetail(ErrorDetail.builder()
                        .errorCode(runs.find(s, r.jobName(), id).isPresent() ? "InvalidInputException" : "EntityNotFoundException")
                        .errorMessage("Job run " + id + " cannot be stopped: it is not running or does not exist").build())
                        .build());
            }
        }
        return BatchStopJobRunResponse.builder().successfulSubmissions(ok).errors(errors).build();
    }
}
