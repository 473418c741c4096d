#!/bin/sh
# `npm run dev`: dependencies, services, demo data, then the web server and the worker.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
set -a
if [ -f .env ]; then . ./.env; fi
set +a
. scripts/with-services.sh
node scripts/seed.ts --quiet --demo
exec node scripts/dev-run.ts
