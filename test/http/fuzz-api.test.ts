// Fuzzing of issue 20, the JSON API's half: test/support/fuzz-suite.ts.
import { fuzzSuite } from '../support/fuzz-suite.ts';

await fuzzSuite('api');
