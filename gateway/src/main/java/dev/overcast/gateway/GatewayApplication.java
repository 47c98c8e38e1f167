package dev.overcast.gateway;

import dev.overcast.common.config.ServiceDefaults;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The single Overcast endpoint, a servlet application ({@link GatewayFilter}). Runs alone ({@code java -jar}) or
 * as its own context inside the sandbox JVM, whose classpath also holds JDBC, Flyway and PostgreSQL: those
 * auto-configurations are excluded here, and component scanning stays inside {@code dev.overcast.gateway}. Defaults come from
 * {@code overcast-gateway.properties} (see {@link dev.overcast.common.config.ServiceDefaults}).
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        // errors are answered in the AWS shape of the service asked (AwsErrorReportValve), never as Spring's JSON
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
})
@EnableConfigurationProperties(GatewayProperties.class)
@ServiceDefaults("overcast-gateway.properties")
public class GatewayApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(args);
    }
}
