# syntax=docker/dockerfile:1
# One image per Overcast module, from this one parameterised Dockerfile (see README, "Deploy"):
#
#   docker build --build-arg MODULE=s3-svc       --build-arg PORT_ENV=OVERCAST_S3_PORT       --build-arg PORT=4572 -t overcast/s3-svc .
#   docker build --build-arg MODULE=dynamodb-svc --build-arg PORT_ENV=OVERCAST_DYNAMODB_PORT --build-arg PORT=4569 -t overcast/dynamodb-svc .
#   docker build --build-arg MODULE=kinesis-svc  --build-arg PORT_ENV=OVERCAST_KINESIS_PORT  --build-arg PORT=4568 -t overcast/kinesis-svc .
#   docker build --build-arg MODULE=gateway      --build-arg PORT_ENV=OVERCAST_PORT          --build-arg PORT=4566 -t overcast/gateway .
#
# (docker compose build does the same from docker-compose.yml.) Stage 1 builds the module's runnable "-exec" jar with
# the Maven Wrapper; stage 2 runs it on a JRE 25 as a non-root user, under tini as PID 1 (it reaps orphaned children
# and passes SIGTERM on, so `docker stop` and a Kubernetes pod's termination stop the JVM cleanly), with the JVM
# options of ./overcast and an AOT cache trained at build time (JDK 25: the classes the service loads are mapped
# instead of loaded and linked again at each start). Heavy engines (Kafka, Flink, Spark) are never in these images.

ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

FROM ${JDK_IMAGE} AS build
ARG MODULE
WORKDIR /src
COPY . .
# the local repository is a build cache, shared between the images' builds and never part of an image
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" && ./mvnw -B -q -pl "${MODULE}" -am package -DskipTests \
    && cp "${MODULE}"/target/"${MODULE}"-*-exec.jar /app.jar

FROM ${JRE_IMAGE}
ARG MODULE
ARG PORT_ENV
ARG PORT
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tini curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 overcast \
    && useradd --system --uid 10001 --gid overcast --home-dir /var/lib/overcast --create-home overcast \
    && mkdir -p /opt/overcast && chown overcast:overcast /opt/overcast && printf 'MODULE=%s\nPORT_ENV=%s\nPORT=%s\n' "${MODULE}" "${PORT_ENV}" "${PORT}" > /opt/overcast/image.env
COPY --from=build /app.jar /opt/overcast/app.jar
COPY docker/run.sh docker/healthcheck.sh /opt/overcast/
# the JVM options of ./overcast (OVERCAST_JAVA_OPTS replaces them); a service without OVERCAST_DB_URL keeps an
# embedded PostgreSQL under OVERCAST_DATA_DIR (a volume then), as `java -jar` does
ENV OVERCAST_JAVA_OPTS="-XX:+UseSerialGC -Xms64m -Xmx512m" \
    OVERCAST_DATA_DIR=/var/lib/overcast/data
USER overcast
WORKDIR /var/lib/overcast
# AOT cache training: the application context is built once and the JVM exits (spring.context.exit=onRefresh); a
# service trains on an embedded PostgreSQL in a scratch directory, which is deleted. Where training fails the image
# simply starts without the cache.
RUN OVERCAST_DATA_DIR=/tmp/aot-train /opt/overcast/run.sh -XX:AOTCacheOutput=/opt/overcast/app.aot \
        -Dspring.context.exit=onRefresh >/tmp/aot-train.log 2>&1 || rm -f /opt/overcast/app.aot; \
    rm -rf /tmp/aot-train /tmp/aot-train.log /tmp/embedded-pg* || true
# what the application runs from stays root's: the runtime user reads it, never changes it
USER root
RUN chown -R root:root /opt/overcast
USER overcast
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["/opt/overcast/healthcheck.sh"]
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/overcast/run.sh"]
