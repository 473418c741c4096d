#!/bin/sh
# Provisions (or stops) MongoDB/FerretDB, Redis and SMTP: see scripts/services.ts.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
# `npm run services [-- up|stop|status] [-- --ha]`: see scripts/services.ts.
exec node scripts/services.ts "$@"
