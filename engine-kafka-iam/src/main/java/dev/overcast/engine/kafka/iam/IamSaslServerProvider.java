package dev.overcast.engine.kafka.iam;

import java.security.Provider;
import java.security.Security;
import java.util.Map;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

/** The JCA provider through which {@code Sasl.createSaslServer("AWS_MSK_IAM", …)} finds {@link IamSaslServer}. */
public final class IamSaslServerProvider extends Provider {

    private IamSaslServerProvider() {
        super("Overcast AWS_MSK_IAM SASL server", "1.0", "The broker side of MSK's AWS_MSK_IAM SASL mechanism");
        put("SaslServerFactory." + IamLoginModule.MECHANISM, Factory.class.getName());
    }

    /** Adds the provider once per JVM. */
    static synchronized void register() {
        if (Security.getProvider("Overcast AWS_MSK_IAM SASL server") == null) {
            Security.addProvider(new IamSaslServerProvider());
        }
    }

    /** Makes an {@link IamSaslServer} per connection, with the listener's callback handler. */
    public static final class Factory implements SaslServerFactory {

        @Override
        public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> props,
                                           CallbackHandler cbh) {
            return IamLoginModule.MECHANISM.equals(mechanism) ? new IamSaslServer(cbh) : null;
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return new String[] {IamLoginModule.MECHANISM};
        }
    }
}
