package dev.overcast.kafka.cluster;

import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.broker.BrokerLayout.Listeners;
import software.amazon.awssdk.services.kafka.model.ClientAuthentication;
import software.amazon.awssdk.services.kafka.model.ClientBroker;
import software.amazon.awssdk.services.kafka.model.EncryptionInfo;
import software.amazon.awssdk.services.kafka.model.ProvisionedRequest;

/**
 * How clients reach a cluster's brokers, from its encryption in transit ({@code ClientBroker}: TLS, TLS_PLAINTEXT — the
 * default — or PLAINTEXT) and client authentication (SASL/SCRAM, SASL/IAM, unauthenticated), as MSK gives them:
 * plaintext (port 9092 on MSK) when plaintext is allowed; TLS (9094) for unauthenticated clients when TLS is allowed;
 * SASL/SCRAM (9096) and SASL/IAM (9098), always over TLS. A serverless cluster takes IAM as it asks.
 */
final class ClientAccess {

    private ClientAccess() {
    }

    static Listeners listeners(Cluster c) {
        if (c.isServerless()) {
            ClientAuthentication auth = c.serverless().clientAuthentication() == null ? null
                    : ClusterViews.convert(c.serverless().clientAuthentication(), ClientAuthentication.class);
            return new Listeners(true, false, false, iam(auth));
        }
        return listeners(c.provisioned());
    }

    static Listeners listeners(ProvisionedRequest p) {
        ClientBroker encryption = clientBroker(p.encryptionInfo());
        ClientAuthentication auth = p.clientAuthentication();
        boolean plaintext = encryption != ClientBroker.TLS;
        boolean tls = encryption != ClientBroker.PLAINTEXT;
        return new Listeners(plaintext, tls && unauthenticated(auth), tls && scram(auth), tls && iam(auth));
    }

    /** MSK's checks of a provisioned cluster's security settings (at creation and at UpdateSecurity). */
    static void validate(ProvisionedRequest p) {
        ClientBroker encryption = clientBroker(p.encryptionInfo());
        if (p.encryptionInfo() != null && p.encryptionInfo().encryptionInTransit() != null
                && p.encryptionInfo().encryptionInTransit().clientBroker() == ClientBroker.UNKNOWN_TO_SDK_VERSION) {
            throw KafkaErrors.badRequest("clientBroker", "The clientBroker value must be TLS, TLS_PLAINTEXT or PLAINTEXT.");
        }
        ClientAuthentication auth = p.clientAuthentication();
        if (encryption == ClientBroker.PLAINTEXT && (scram(auth) || iam(auth) || tlsAuthentication(auth))) {
            throw KafkaErrors.badRequest("encryptionInTransit", "SASL and TLS client authentication require TLS"
                    + " encryption in transit between clients and brokers: set clientBroker to TLS or TLS_PLAINTEXT.");
        }
    }

    private static ClientBroker clientBroker(EncryptionInfo info) {
        if (info == null || info.encryptionInTransit() == null || info.encryptionInTransit().clientBroker() == null) {
            return ClientBroker.TLS_PLAINTEXT;
        }
        return info.encryptionInTransit().clientBroker();
    }

    private static boolean scram(ClientAuthentication a) {
        return a != null && a.sasl() != null && a.sasl().scram() != null && Boolean.TRUE.equals(a.sasl().scram().enabled());
    }

    private static boolean iam(ClientAuthentication a) {
        return a != null && a.sasl() != null && a.sasl().iam() != null && Boolean.TRUE.equals(a.sasl().iam().enabled());
    }

    private static boolean tlsAuthentication(ClientAuthentication a) {
        return a != null && a.tls() != null && (Boolean.TRUE.equals(a.tls().enabled())
                || a.tls().enabled() == null && !a.tls().certificateAuthorityArnList().isEmpty());
    }

    /**
     * Whether clients may connect without authenticating: when no authentication is set up at all, or when it is
     * turned on explicitly beside another.
     */
    private static boolean unauthenticated(ClientAuthentication a) {
        if (a == null) {
            return true;
        }
        if (a.unauthenticated() != null && a.unauthenticated().enabled() != null) {
            return a.unauthenticated().enabled();
        }
        return !scram(a) && !iam(a) && !tlsAuthentication(a);
    }
}
