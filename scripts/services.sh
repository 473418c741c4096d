#!/bin/sh
# Provisions (or stops) MongoDB/FerretDB, Redis and SMTP: see scripts/services.ts.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
exec node scripts/services.ts "${1:-up}"
