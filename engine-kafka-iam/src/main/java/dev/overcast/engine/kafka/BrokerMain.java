package dev.overcast.engine.kafka;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The main class of an MSK broker's JVM: the same as {@code kafka.Kafka}, except that with
 * {@code -Dovercast.kafka.format-cluster-id=<id>} it first formats the node's KRaft storage with Kafka's own
 * {@code StorageTool} (as {@code kafka-storage.sh format --ignore-formatted} does) in this JVM, instead of a JVM of its
 * own: the classes both need are loaded once. Kafka's classes are reached by name, so one jar serves every Kafka
 * version packed.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Throwable {
        String clusterId = System.getProperty("overcast.kafka.format-cluster-id");
        if (clusterId != null && args.length > 0) {
            int code = (int) invoke(Class.forName("kafka.tools.StorageTool").getMethod("execute", String[].class, PrintStream.class),
                    new String[] {"format", "--ignore-formatted", "--cluster-id", clusterId, "--config", args[0]}, System.out);
            if (code != 0) {
                System.err.println("Formatting the broker's storage failed (exit " + code + ")");
                System.exit(code);
            }
        }
        invoke(Class.forName("kafka.Kafka").getMethod("main", String[].class), (Object) args);
    }

    private static Object invoke(Method method, Object... args) throws Throwable {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
