package dev.overcast.engine.kafka.iam;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.spi.LoginModule;

/**
 * The login module a listener's JAAS entry names for {@code AWS_MSK_IAM}
 * ({@code listener.name.<listener>.aws_msk_iam.sasl.jaas.config}). Loading it registers the mechanism's SASL server
 * with the JVM (as Kafka's own PLAIN and SCRAM login modules do); its options ({@code verifyUrl}) configure
 * {@link IamServerCallbackHandler}. It adds nothing to the subject.
 */
public class IamLoginModule implements LoginModule {

    /** The SASL mechanism's name, as aws-msk-iam-auth clients ask for it. */
    public static final String MECHANISM = "AWS_MSK_IAM";

    static {
        IamSaslServerProvider.register();
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
    }

    @Override
    public boolean login() {
        return true;
    }

    @Override
    public boolean commit() {
        return true;
    }

    @Override
    public boolean abort() {
        return false;
    }

    @Override
    public boolean logout() {
        return true;
    }
}
