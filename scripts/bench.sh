#!/bin/sh
# `npm run bench [-- NAME]`: provisions the services, then runs the benchmarks.
# Benchmarks are never part of `npm test`. They run on FerretDB's PostgreSQL
# backend (../shared/FERRETDB.md: the SQLite one scans every document), in a
# database of their own, created here if missing; set FERRETDB_POSTGRESQL_URL
# to use another, or MONGODB_URI to measure a real MongoDB.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
if [ -z "${MONGODB_URI:-}" ] && [ -z "${FERRETDB_POSTGRESQL_URL:-}" ]; then
  FERRETDB_POSTGRESQL_URL=postgres://postgres@127.0.0.1:5432/haqq_bench
  export FERRETDB_POSTGRESQL_URL
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'haqq_bench'" |
    grep -q 1 || createdb -h 127.0.0.1 -U postgres -E UTF8 -T template0 haqq_bench
fi
. scripts/with-services.sh
exec node bench/run.ts "$@"
