package dev.overcast.common.bus;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bus in every service with a schema: the {@link Outbox} its producers append to and, when a bus is configured
 * ({@link BusSettings}), the {@link OutboxRelay} that publishes it (it runs only where the schema has an outbox table)
 * and the {@code bus} health component; for a service with {@link BusListener}s, the {@link Inbox} that hands them
 * each event once and, with a bus, a {@link BusSubscription} per listener reading its topics.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnProperty("overcast.db.schema")
@ConditionalOnBean(DataSource.class)
public class BusAutoConfiguration {

    /** A bus is configured: the sandbox's broker or {@code OVERCAST_BUS_BOOTSTRAP}, and not {@code OVERCAST_BUS=off}. */
    static final class BusConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return BusSettings.from(context.getEnvironment()).enabled();
        }
    }

    @Bean
    BusSettings overcastBusSettings(Environment env) {
        return BusSettings.from(env);
    }

    @Bean
    @Conditional(BusConfigured.class)
    OutboxRelay overcastOutboxRelay(BusSettings settings, DataSource dataSource, Environment env) {
        return new OutboxRelay(dataSource, settings.bootstrapServers(), env.getRequiredProperty("overcast.db.schema"),
                env.getProperty("overcast.bus.relay-gather", Duration.class, OutboxRelay.DEFAULT_GATHER));
    }

    @Bean
    @ConditionalOnMissingBean(Outbox.class)
    Outbox overcastOutbox(BusSettings settings, DataSource dataSource, ObjectProvider<OutboxRelay> relay) {
        OutboxRelay r = relay.getIfAvailable();
        return new Outbox(JdbcClient.create(dataSource), settings.enabled(), r == null ? null : r::wake);
    }

    @Bean
    @ConditionalOnMissingBean(Inbox.class)
    @ConditionalOnBean(BusListener.class)
    Inbox overcastInbox(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions) {
        PlatformTransactionManager tm = transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource));
        return new Inbox(JdbcClient.create(dataSource), new TransactionTemplate(tm));
    }

    @Bean
    @Conditional(BusConfigured.class)
    @ConditionalOnBean(BusListener.class)
    Subscriptions overcastBusSubscriptions(BusSettings settings, List<BusListener> listeners, Inbox inbox,
                                           Environment env) {
        String schema = env.getRequiredProperty("overcast.db.schema");
        return new Subscriptions(listeners.stream()
                .map(l -> new BusSubscription(settings.bootstrapServers(), schema, l, inbox)).toList());
    }

    /** The service's subscriptions, started and stopped together. */
    public static final class Subscriptions implements SmartLifecycle {

        private final List<BusSubscription> all;

        Subscriptions(List<BusSubscription> all) {
            this.all = all;
        }

        public List<BusSubscription> all() {
            return all;
        }

        @Override
        public void start() {
            all.forEach(BusSubscription::start);
        }

        @Override
        public void stop() {
            all.forEach(BusSubscription::stop);
        }

        @Override
        public boolean isRunning() {
            return all.stream().anyMatch(BusSubscription::isRunning);
        }

        @Override
        public int getPhase() {
            return all.isEmpty() ? Integer.MAX_VALUE - 90 : all.get(0).getPhase();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @Conditional(BusConfigured.class)
    static class Health {

        @Bean(name = "busHealthIndicator")
        BusHealthIndicator busHealthIndicator(OutboxRelay relay, DataSource dataSource) {
            return new BusHealthIndicator(relay, JdbcClient.create(dataSource));
        }
    }
}
