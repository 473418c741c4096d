// Search at 100,000 published requests (BENCH_REQUESTS to change): the app's
// search (rank by words matched, the subject weighing more, then recency, with
// counts per status and country) against the raw driver query that only
// fetches a page of candidates through the same multikey index. Goal: p95 of
// every query kind under 200 ms. Prints the plan of the match, which must use
// the index on searchTokens.
import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../src/config.ts';
import '../src/models.ts';
import { publicTextOf } from '../src/redaction/public-text.ts';
import { PUBLISHED } from '../src/requests/request-reads.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { searchQuery, searchRequests } from '../src/search/search-service.ts';
import { queryWords } from '../src/text/search-text.ts';
import {
  openBenchDatabase,
  percentile,
  row,
  seedBenchAgencies,
  seedRequests,
} from './bench-support.ts';
import { planScans } from './query-plan.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const GOAL_MS = 200;

const TOPICS = [
  'موازنة',
  'عقود صيانة',
  'أعداد الأطباء',
  'رخص البناء',
  'تعيينات الموظفين',
  'مشتريات الأدوية',
  'نفقات السفر',
  'شكاوى المواطنين',
  'جودة المياه',
  'حوادث السير',
  'منح الطلاب',
  'أسعار الكهرباء',
];
const PLACES = [
  'عمّان',
  'إربد',
  'الزرقاء',
  'العقبة',
  'مادبا',
  'الكرك',
  'جرش',
  'معان',
  'السلط',
  'المفرق',
];
const BODIES = [
  'أرجو تزويدي بالبيانات مفصلة حسب الشهر والمحافظة لعام',
  'أطلب نسخة من الوثائق والعقود المبرمة والمبالغ المدفوعة في عام',
  'ما هي الأرقام الرسمية المنشورة، وكيف تغيرت منذ عام',
];

const config = loadConfig();
await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_search');
const agencies = await seedBenchAgencies('S', 20);
const requesters = Array.from({ length: 500 }, () => new Types.ObjectId());
console.log(`seeding ${String(REQUESTS)} requests (two in three public) …`);
await seedRequests(REQUESTS, {
  agencies,
  requesters,
  statuses: ['submitted', 'acknowledged', 'answered', 'closed'],
  dueAt: (at) => new Date(at.getTime() + 21 * 86_400_000),
  refYear: 2026,
  extra: (i) => {
    const topic = TOPICS[i % TOPICS.length] ?? '';
    const place = PLACES[Math.floor(i / TOPICS.length) % PLACES.length] ?? '';
    const year = 2015 + (i % 11);
    const subject = `${topic} في ${place} ${String(year)}`;
    const body = `${BODIES[i % BODIES.length] ?? ''} ${String(year)} في ${place}، بخصوص ${topic}.`;
    // Two in three public, whatever the topic.
    const visibility = Math.floor(i / 7) % 3 === 0 ? 'private' : 'public';
    return {
      subject,
      body,
      visibility,
      ...publicTextOf({
        jurisdiction: 'JO',
        visibility,
        subject,
        body,
        requester: { name: 'Citizen' },
      }),
    };
  },
});

const KINDS: Record<string, string> = {
  'one rare word (a place)': 'جرش ',
  'one common word (a topic)': 'موازنة ',
  'two words': 'عقود الكرك ',
  'three words, spelling variants': 'الادويه مشتريات ٢٠٢٠ ',
  'a prefix while typing': 'صيان',
  'no words, a filter': '',
};

interface Timing {
  kind: string;
  app: number[];
  raw: number[];
  total: number;
}
const cases = Object.entries(KINDS).map(([kind, q]) => {
  const query = searchQuery.parse({ q, ...(q === '' ? { status: 'answered' } : {}) });
  const words = queryWords(q);
  const tokens = words.words.flat();
  // The same filter the search starts from: only a published request holds tokens.
  const rawFilter: Record<string, unknown> = {};
  if (tokens.length > 0) rawFilter.searchTokens = { $in: tokens };
  else if (words.prefix) rawFilter.searchTokens = { $regex: `^${words.prefix}` };
  else Object.assign(rawFilter, PUBLISHED, { status: 'answered' });
  const timing: Timing = { kind, app: [], raw: [], total: 0 };
  return { query, rawFilter, timing };
});
const rawPage = (filter: Record<string, unknown>) =>
  RequestModel.collection
    .find(filter, { projection: { ref: 1, publicText: 1, receivedAt: 1 } })
    .sort({ receivedAt: -1 })
    .limit(21)
    .toArray();
// Warm up (untimed), then time the kinds in turn, round after round: a burst of
// the engine's background work (autovacuum after the seeding) then falls on
// every kind alike instead of on the one being timed.
for (const { query, rawFilter } of cases) {
  await searchRequests(query);
  await rawPage(rawFilter);
}
for (let run = 0; run < RUNS; run += 1) {
  for (const { query, rawFilter, timing } of cases) {
    let started = performance.now();
    const result = await searchRequests(query);
    timing.app.push(performance.now() - started);
    timing.total = result.total;
    started = performance.now();
    await rawPage(rawFilter);
    timing.raw.push(performance.now() - started);
  }
}
const timings = cases.map((c) => c.timing);

console.log(`\nsearch at ${String(REQUESTS)} requests, ${String(RUNS)} runs of each kind (ms)`);
let worst = 0;
for (const t of timings) {
  const p95 = percentile(t.app, 95);
  const raw95 = percentile(t.raw, 95);
  worst = Math.max(worst, p95);
  console.log(`\n${t.kind} (${String(t.total)} found)`);
  console.log(row('  search p50', percentile(t.app, 50), 'ms'));
  console.log(row('  search p95', p95, 'ms'));
  console.log(row('  raw driver page p95', raw95, 'ms'));
  console.log(row('  ratio search / raw (p95)', p95 / raw95, '×'));
}

// The match of a two-word query must be served by the multikey index.
const explain = await RequestModel.collection
  .find({ searchTokens: { $in: queryWords('عقود الكرك ').words.flat() } })
  .explain();
const scans = planScans(explain);
console.log(`\nplan of the match: ${JSON.stringify(scans)}`);
console.log(row('worst p95 of the search', worst, 'ms'));
await mongoose.disconnect();
if (worst > GOAL_MS) {
  console.error(`search p95 ${worst.toFixed(0)} ms is over the goal of ${String(GOAL_MS)} ms`);
  process.exit(1);
}
