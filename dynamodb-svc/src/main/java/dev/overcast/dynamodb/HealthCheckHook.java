package dev.overcast.dynamodb;

import dev.overcast.common.auth.SigV4Credential;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * DynamoDB's health check: {@code GET /} on its endpoint answers 200 with {@code healthy: dynamodb.<region>.amazonaws.com},
 * signed or not (load balancers and SDK endpoint probes call it without credentials).
 */
@Component
public class HealthCheckHook implements DispatchHook {

    private final String defaultRegion;

    public HealthCheckHook(@Value("${overcast.default-region:${OVERCAST_DEFAULT_REGION:us-east-1}}") String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public boolean answers(AwsHttpRequest request) {
        return "GET".equals(request.method()) && "/".equals(request.rawPath()) && request.header("X-Amz-Target") == null;
    }

    @Override
    public void answer(String requestId, AwsHttpRequest request, AwsHttpResponse response) throws IOException {
        SigV4Credential credential = SigV4Credential.fromAuthorizationHeader(request.header("Authorization"));
        String region = credential != null ? credential.region() : defaultRegion;
        byte[] body = ("healthy: dynamodb." + region + ".amazonaws.com").getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setHeader("Content-Type", "text/plain");
        response.setContentLength(body.length);
        try (OutputStream out = response.body()) {
            out.write(body);
        }
    }
}
