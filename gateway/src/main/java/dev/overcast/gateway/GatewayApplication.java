package dev.overcast.gateway;

import dev.overcast.common.config.ServiceDefaults;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

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

    /** What the build's Spring AOT step (process-aot, see the pom) generates: every bean definition of this context, as code. */
    private static final String AOT_INITIALIZER = GatewayApplication.class.getName() + "__ApplicationContextInitializer";

    /**
     * Alone, as Spring Boot runs any application: {@code -Dspring.aot.enabled=true} starts it from the code the
     * build's AOT step generated, as {@link #builder()} does.
     */
    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(args);
    }

    /**
     * The gateway as the sandbox starts it: from the bean definitions the build's Spring AOT step wrote as code
     * (auto-configuration conditions already evaluated, configuration classes already parsed, about half the context's
     * start-up), when that code is on the classpath; else as {@link #main} does. Without the JVM-wide
     * {@code spring.aot.enabled}, which would ask the same code of every service context in the sandbox's JVM.
     */
    public static SpringApplicationBuilder builder() {
        SpringApplicationBuilder builder = ClassUtils.isPresent(AOT_INITIALIZER, GatewayApplication.class.getClassLoader())
                ? new FromAotCode() : new SpringApplicationBuilder(GatewayApplication.class);
        return builder.web(WebApplicationType.SERVLET);
    }

    /**
     * What {@code spring.aot.enabled} makes of a Spring Boot start, for this application alone: a plain servlet web
     * server context, the generated initializer first registering every bean definition, and no source classes loaded
     * and parsed.
     */
    private static final class FromAotCode extends SpringApplicationBuilder {

        @Override
        protected SpringApplication createSpringApplication(ResourceLoader resourceLoader, Class<?>... sources) {
            SpringApplication application = new SpringApplication(resourceLoader, GatewayApplication.class) {
                @Override
                protected void load(ApplicationContext context, Object[] sources) {
                    // the generated initializer has registered every bean definition, this application's own included
                }
            };
            application.setApplicationContextFactory(new ApplicationContextFactory() {
                @Override
                public Class<? extends ConfigurableEnvironment> getEnvironmentType(WebApplicationType type) {
                    return DEFAULT.getEnvironmentType(type);
                }

                @Override
                public ConfigurableEnvironment createEnvironment(WebApplicationType type) {
                    return DEFAULT.createEnvironment(type);
                }

                @Override
                public ConfigurableApplicationContext create(WebApplicationType type) {
                    return new ServletWebServerApplicationContext();
                }
            });
            List<ApplicationContextInitializer<?>> initializers = new ArrayList<>();
            initializers.add(AotApplicationContextInitializer.forInitializerClasses(AOT_INITIALIZER));
            // the one initializer that spring.aot.enabled turns off: it would prepare the configuration class parsing skipped here
            application.getInitializers().stream()
                    .filter(i -> !i.getClass().getName().endsWith(".SharedMetadataReaderFactoryContextInitializer"))
                    .forEach(initializers::add);
            application.setInitializers(initializers);
            return application;
        }
    }
}
