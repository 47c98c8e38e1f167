package dev.overcast.engine.kafka.iam;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * The {@code AWS_MSK_IAM} listener's server callback handler
 * ({@code listener.name.<listener>.aws_msk_iam.sasl.server.callback.handler.class}): it posts the client's signed
 * payload to the MSK service that started this broker (the login module's {@code verifyUrl} option), which checks it
 * with the suite's SigV4 code and keys. HTTP 200 carries the principal in {@code X-Overcast-Principal} and the answer
 * for the client as its body; any other status carries the refusal's message as its body.
 */
public class IamServerCallbackHandler implements AuthenticateCallbackHandler {

    /** The header of the service's answer that names the authenticated principal. */
    public static final String PRINCIPAL_HEADER = "X-Overcast-Principal";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private URI verifyUrl;
    private HttpClient http;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        Object url = jaasConfigEntries.stream().map(e -> e.getOptions().get("verifyUrl")).filter(v -> v != null)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("The " + IamLoginModule.MECHANISM
                        + " JAAS entry needs the option verifyUrl (the MSK service's payload check)"));
        verifyUrl = URI.create(url.toString());
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof IamAuthenticateCallback check)) {
                throw new UnsupportedCallbackException(callback);
            }
            check(check);
        }
    }

    private void check(IamAuthenticateCallback callback) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(verifyUrl).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(callback.payload())).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while the MSK service checked the payload", e);
        }
        String principal = response.headers().firstValue(PRINCIPAL_HEADER).orElse(null);
        if (response.statusCode() == 200 && principal != null) {
            callback.authenticated(principal, response.body());
        } else if (response.statusCode() >= 500) {
            throw new IOException("The MSK service could not check the payload (HTTP " + response.statusCode() + ")");
        } else {
            callback.refused(new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
