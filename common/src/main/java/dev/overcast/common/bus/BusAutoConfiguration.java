package dev.overcast.common.bus;

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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bus in every service with a schema: the {@link Outbox} its producers append to and, when a bus is configured
 * ({@link BusSettings}), the {@link OutboxRelay} that publishes it (it runs only where the schema has an outbox table)
 * and the {@code bus} health component.
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
        return new OutboxRelay(dataSource, settings.bootstrapServers(), env.getRequiredProperty("overcast.db.schema"));
    }

    @Bean
    @ConditionalOnMissingBean(Outbox.class)
    Outbox overcastOutbox(BusSettings settings, DataSource dataSource, ObjectProvider<OutboxRelay> relay) {
        OutboxRelay r = relay.getIfAvailable();
        return new Outbox(JdbcClient.create(dataSource), settings.enabled(), r == null ? null : r::wake);
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
