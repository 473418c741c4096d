// Fuzzing of issue 20, the forms' half: test/support/fuzz-suite.ts.
import { fuzzSuite } from '../support/fuzz-suite.ts';

await fuzzSuite('forms');
