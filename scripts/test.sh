#!/bin/sh
# `npm test`: provisions the services, then type-checks, lints and runs every test.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
. scripts/with-services.sh
. scripts/chromium.sh
tsc --noEmit
eslint .
prettier --check . >/dev/null || { prettier --check .; exit 1; }
# A hung test fails the run instead of holding CI: each test 2 min, the whole suite 20.
exec timeout 1200 node --test --test-timeout=120000 --test-concurrency="${TEST_CONCURRENCY:-4}" ${TEST_FILES:-'test/**/*.test.ts'}
