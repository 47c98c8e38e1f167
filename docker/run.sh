#!/bin/sh
# Starts an Overcast module's runnable jar the way ./overcast starts the sandbox: OVERCAST_JAVA_OPTS (default
# "-XX:+UseSerialGC -Xms64m -Xmx512m"), and the AOT cache when the image has one. The JVM replaces this shell (exec),
# so under tini it receives SIGTERM directly. Extra arguments are JVM options placed before -jar.
set -eu
APP_HOME="$(dirname "$0")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
AOT=""
if [ -f "$APP_HOME/app.aot" ]; then
    AOT="-XX:AOTCache=$APP_HOME/app.aot -Xlog:aot=off -Xlog:cds=off"
fi
# shellcheck disable=SC2086 # the options are a word list
exec "$JAVA" ${OVERCAST_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m} $AOT "$@" -jar "$APP_HOME/app.jar"
