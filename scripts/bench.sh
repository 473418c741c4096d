#!/bin/sh
# `npm run bench [-- NAME]`: provisions the services, then runs the benchmarks.
# Benchmarks are never part of `npm test`. Set FERRETDB_POSTGRESQL_URL for
# FerretDB's PostgreSQL backend, as ../shared/FERRETDB.md advises for volume.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
. scripts/with-services.sh
exec node bench/run.ts "$@"
