package dev.overcast.kafka;

import java.security.SecureRandom;
import java.util.UUID;

/** MSK Connect's ARNs: {@code arn:aws:kafkaconnect:<region>:<account>:<kind>/<name>/<uuid>-<n>}. */
public final class ConnectArns {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConnectArns() {
    }

    public static String connector(String region, String account, String name) {
        return of("connector", region, account, name);
    }

    public static String customPlugin(String region, String account, String name) {
        return of("custom-plugin", region, account, name);
    }

    public static String workerConfiguration(String region, String account, String name) {
        return of("worker-configuration", region, account, name);
    }

    /** {@code arn:aws:kafkaconnect:…:connector-operation/<connector name>/<connector id>/<operation uuid>}. */
    public static String operation(String connectorArn) {
        return connectorArn.replaceFirst(":connector/", ":connector-operation/") + "/" + UUID.randomUUID();
    }

    /** Whether {@code arn} is one of MSK Connect's (the tag actions take any ARN). */
    public static boolean isConnectArn(String arn) {
        return arn != null && arn.startsWith("arn:aws:kafkaconnect:");
    }

    private static String of(String kind, String region, String account, String name) {
        return "arn:aws:kafkaconnect:" + region + ":" + account + ":" + kind + "/" + name + "/" + UUID.randomUUID()
                + "-" + (1 + RANDOM.nextInt(25));
    }
}
