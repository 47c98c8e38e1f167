#!/bin/bash
# The image's HEALTHCHECK: GET /actuator/health on the port the module listens on (its own variable, e.g.
# OVERCAST_S3_PORT, else the image's default), 2xx = healthy.
set -eu
. /opt/overcast/image.env
port="${!PORT_ENV:-$PORT}"
exec curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:${port}/actuator/health"
