package dev.overcast.s3;

import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same S3 integration tests against a PostgreSQL 17 container, as the deployed topology runs it. Where no Docker
 * engine answers, Testcontainers disables this class and JUnit reports it skipped ("Docker is not available"); the
 * embedded-PostgreSQL run of the same tests still happens.
 */
@Testcontainers(disabledWithoutDocker = true)
class OnContainerDatabaseTest {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    static S3TestService service() {
        return S3TestService.on(POSTGRES.getJdbcUrl() + "&currentSchema=s3", POSTGRES.getUsername(), POSTGRES.getPassword());
    }

    @Nested
    class Objects extends ObjectLifecycleTest {
        @Override
        protected S3TestService service() {
            return OnContainerDatabaseTest.service();
        }
    }

    @Nested
    class Buckets extends BucketTest {
        @Override
        protected S3TestService service() {
            return OnContainerDatabaseTest.service();
        }
    }
}
