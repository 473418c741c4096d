#!/bin/sh
# `npm test`: provisions the services, then type-checks, lints and runs every test.
set -eu
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh
. scripts/with-services.sh
. scripts/chromium.sh
. scripts/age.sh
tsc --noEmit
eslint .
prettier --check . >/dev/null || { prettier --check .; exit 1; }
# A hung test fails the run instead of holding CI: each test 2 min, the whole suite 20;
# a file whose tests are over ends even if a connection was left open (--test-force-exit:
# CI once waited 18 min on a file whose test had timed out with a client still reconnecting).
# Then, one file at a time: the tests that measure timing (test/quiet/, which need a
# quiet machine) and the browser tests (test/e2e/, whose Chromium would load it).
if [ -n "${TEST_FILES:-}" ]; then
  exec timeout 1200 node --test --test-timeout=120000 --test-force-exit --test-concurrency="${TEST_CONCURRENCY:-4}" $TEST_FILES
fi
started=$(date +%s)
timeout 1200 node --test --test-timeout=120000 --test-force-exit --test-concurrency="${TEST_CONCURRENCY:-4}" 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/http/**/*.test.ts'
left=$(( 1200 - ($(date +%s) - started) ))
exec timeout "$left" node --test --test-timeout=300000 --test-concurrency=1 'test/quiet/**/*.test.ts' 'test/e2e/**/*.test.ts'
