package dev.overcast.glue.job;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A job run's captured stdout and stderr: GET /_overcast/glue/runs/{id}/log (text). */
@RestController
public class JobRunLogController {

    private final JobRuns runs;

    public JobRunLogController(JobRuns runs) {
        this.runs = runs;
    }

    @GetMapping(value = "/_overcast/glue/runs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    public ResponseEntity<String> log(@PathVariable("id") String id) {
        return runs.log(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }
}
