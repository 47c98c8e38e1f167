package dev.overcast.kafka.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * External mode ({@code OVERCAST_KAFKA_EXTERNAL_BOOTSTRAP}): every cluster maps onto one existing Kafka cluster
 * instead of brokers of its own, for deployments that outgrow one machine. A cluster is ACTIVE once that cluster
 * answers a metadata request; its configuration revision is applied as cluster-wide dynamic broker settings
 * (AdminClient's incrementalAlterConfigs, all or none: Kafka checks them first); nothing is started or stopped.
 */
@Component
public class ExternalCluster {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);

    private final String bootstrap;

    public ExternalCluster(@Value("${overcast.kafka.external-bootstrap:}") String bootstrap) {
        this.bootstrap = bootstrap == null ? "" : bootstrap.strip();
    }

    /** Whether clusters map onto an existing Kafka cluster. */
    public boolean enabled() {
        return !bootstrap.isEmpty();
    }

    /** The existing cluster's bootstrap address, as configured. */
    public String bootstrap() {
        return bootstrap;
    }

    /** An admin client on the existing cluster (the caller closes it). */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }

    /** Waits until the existing cluster answers a metadata request, then applies the layout's server properties. */
    public void attach(BrokerLayout layout) {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        apply(admin, layout.serverProperties());
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                sleep();
            }
        }
        throw new IllegalStateException("The Kafka cluster at " + bootstrap + " did not answer a metadata request within "
                + ANSWER_TIMEOUT + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Applies the layout's server properties (an UpdateClusterConfiguration: no broker restarts). */
    public void reconfigure(BrokerLayout layout) {
        try (Admin admin = admin()) {
            apply(admin, layout.serverProperties());
        }
    }

    /**
     * Sets the properties as cluster-wide broker defaults: Kafka first validates the whole set, so that a property it
     * cannot change at runtime (e.g. {@code auto.create.topics.enable}) fails the step with Kafka's own message and
     * changes nothing.
     */
    private static void apply(Admin admin, Map<String, String> properties) {
        if (properties.isEmpty()) {
            return;
        }
        ConfigResource cluster = new ConfigResource(ConfigResource.Type.BROKER, "");
        Collection<AlterConfigOp> ops = new ArrayList<>();
        properties.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        try {
            admin.incrementalAlterConfigs(Map.of(cluster, ops), new AlterConfigsOptions().validateOnly(true)).all()
                    .get(30, TimeUnit.SECONDS);
            admin.incrementalAlterConfigs(Map.of(cluster, ops)).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The Kafka cluster at the external bootstrap refused the configuration: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The Kafka cluster at the external bootstrap did not answer in time", e);
        }
    }

    /** The existing cluster's brokers, as its metadata lists them. */
    public List<Node> nodes() {
        try (Admin admin = admin()) {
            return List.copyOf(admin.describeCluster().nodes().get(15, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The Kafka cluster at " + bootstrap + " did not list its brokers: " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
