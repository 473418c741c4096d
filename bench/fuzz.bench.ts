// The fuzzing of issue 20 at benchmark size: test/http/fuzz-*.test.ts with 10,000
// generated inputs per route (BENCH_FUZZ_RUNS), or only the routes matching
// BENCH_FUZZ_ROUTES (a regular expression on "METHOD /path"), printing the
// statuses seen per route. Never a 5xx, no unhandled rejection, still ready.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-timeout=0',
    '--test-reporter=spec',
    'test/http/fuzz-api.test.ts',
    'test/http/fuzz-forms.test.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_RUNS: process.env.BENCH_FUZZ_RUNS ?? '10000',
      FUZZ_ROUTES: process.env.BENCH_FUZZ_ROUTES ?? '',
      FUZZ_REPORT: '1',
    },
  },
);
console.log(
  `fuzz: exit ${String(result.status)} in ${String(Math.round((Date.now() - started) / 1000))} s`,
);
process.exit(result.status ?? 1);
