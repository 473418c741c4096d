#!/bin/sh
# `npm run test:only -- FILE…`: the given test files against the real services, without the
# type check and lint of `npm test` (which stays the command CI runs). Services start once and
# are reused. Without files, the unit tests (pure: no service needed, but cheap to have).
set -eu
cd "$(dirname "$0")/.."
. scripts/test-setup.sh
if [ "$#" -eq 0 ]; then set -- 'test/unit/**/*.test.ts'; fi
exec node --test --test-timeout=120000 --test-concurrency="${TEST_CONCURRENCY:-4}" "$@"
