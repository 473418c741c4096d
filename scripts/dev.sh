#!/bin/sh
# `npm run dev`: dependencies, services, demo data, then the web server and the worker.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
set -a
if [ -f .env ]; then . ./.env; fi
set +a
. scripts/with-services.sh
# The worker's public copies of released documents run OCR tools from Debian.
. scripts/document-tools.sh
# The demo archive (README) outside production only; a later start adds nothing.
if [ "${NODE_ENV:-development}" = production ]; then
  node scripts/seed.ts --quiet
else
  node scripts/seed.ts --quiet --demo
fi
exec node scripts/dev-run.ts
