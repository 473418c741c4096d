#!/bin/sh
# `npm run bench [-- NAME]`: provisions the services, then runs the benchmarks.
# Benchmarks are never part of `npm test`. Each uses a database of its own on the
# engine the services script gives (the local FerretDB 2 + DocumentDB, or
# MONGODB_URI to measure a real MongoDB).
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
. scripts/with-services.sh
# The OCR benchmark renders letters in Chromium and runs the document tools.
. scripts/chromium.sh
. scripts/document-tools.sh
exec node bench/run.ts "$@"
