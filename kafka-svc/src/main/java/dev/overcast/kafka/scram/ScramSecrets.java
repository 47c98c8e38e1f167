package dev.overcast.kafka.scram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The stand-in for Secrets Manager, which the suite does not have: {@code OVERCAST_SCRAM_SECRETS} maps a secret ARN to
 * the SASL/SCRAM credentials it would hold ({@code arn=user:password,…}).
 */
@Component
public class ScramSecrets {

    /** A secret's credentials. */
    public record Credentials(String username, String password) {
    }

    private final Map<String, Credentials> secrets = new LinkedHashMap<>();

    public ScramSecrets(@Value("${overcast.kafka.scram-secrets:}") String mapping) {
        for (String entry : mapping.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String credentials = entry.substring(eq + 1);
            int colon = credentials.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("OVERCAST_SCRAM_SECRETS: " + entry.substring(0, eq) + " needs user:password");
            }
            secrets.put(entry.substring(0, eq).trim(), new Credentials(credentials.substring(0, colon), credentials.substring(colon + 1)));
        }
    }

    public Optional<Credentials> resolve(String secretArn) {
        return Optional.ofNullable(secrets.get(secretArn));
    }
}
