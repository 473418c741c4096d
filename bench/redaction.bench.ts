// Redaction's cost (pure, no services): the corpus sentences, a request's
// longest text (20,000 characters) as people write it, and the same length of
// input built to make a careless pattern backtrack (a run of letters, of
// digits, of dots…). Every pattern starts only where a run starts, so each
// hostile input should cost about what a real text of its length costs: the
// ratio to the real text is the figure to watch (before 2026-12-06 the e-mail
// and URL patterns took 1.4 s on 20,000 letters, against 5 ms for a real text).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findRedactions } from '../src/redaction/redaction.ts';
import type { CorpusItem } from '../test/support/redaction-corpus.ts';
import { percentile, row } from './bench-support.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LENGTH = 20_000;
const context = {
  jurisdiction: 'JO',
  requester: { name: 'محمد علي الحداد', email: 'm.haddad@example.jo' },
};

/** The median time of `RUNS` redactions of `text`, in ms. */
function median(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    findRedactions(text, context);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

const corpus = JSON.parse(
  readFileSync(new URL('../test/fixtures/redaction-corpus.json', import.meta.url), 'utf8'),
) as CorpusItem[];
const started = performance.now();
for (const item of corpus)
  findRedactions(item.text, { jurisdiction: item.jurisdiction, requester: item.requester });
const perSentence = (performance.now() - started) / corpus.length;
console.log(row(`corpus: ${String(corpus.length)} sentences, mean`, perSentence, 'ms'));

const real = (
  'أطلب نسخة من عقود صيانة المستشفيات لعام 2024 وقيمتها 1,250,000 دينار، وأسماء الشركات. ' +
  'Please also send the tender documents (No. 45/2024) and the minutes of 14/03/2025. ' +
  'للتواصل 0791 234 567 أو m.haddad＠example.jo — محمد الحداد. '
)
  .repeat(LENGTH / 200)
  .slice(0, LENGTH);
const realMs = median(real);
console.log(row(`a real text of ${String(LENGTH)} characters, median`, realMs, 'ms'));
for (const [name, unit] of [
  ['letters', 'a'],
  ['digits', '1'],
  ['dots', 'a.'],
  ['dashes', '1-'],
  ['spaced digits', '1 '],
  ['vowels', 'aeiou'],
  ['Arabic name', 'حداد '],
  ['brackets', '(1) '],
] as const) {
  const ms = median(unit.repeat(LENGTH / unit.length));
  console.log(row(`hostile: ${name}, ratio to the real text`, ms / realMs, '×', 2));
}
