# Sourced by dev.sh, test.sh and bench.sh after bootstrap.sh: provisions the
# services (idempotently) and exports the URLs they chose (.run/services.env).
node scripts/services.ts up
set -a
. ./.run/services.env
set +a
