// `npm run stats:rebuild`: rebuilds every statistics rollup from the requests,
// read once (streamed), printing its progress.
import { boot } from '../src/boot.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { refreshOverrides } from '../src/jurisdictions/holiday-override-store.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { createProgress } from '../src/platform/progress.ts';
import { estimatedRequestCount } from '../src/requests/request-reads.ts';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.ts';

const { logger, jurisdictions } = await boot('stats-rebuild');
const calendars = createJurisdictionCalendars(jurisdictions);
await refreshOverrides(calendars, Date.now(), true);
const started = Date.now();
const progress = createProgress('stats:rebuild: requests read', await estimatedRequestCount());
const result = await rebuildAllRollups(calendars, new Date(), (read) => {
  progress.update(read);
});
progress.finish();
logger.info({ ...result, ms: Date.now() - started }, 'statistics rollups rebuilt');
console.log(
  `rebuilt ${String(result.rollups)} rollups, ${String(result.stints)} stints and ${String(result.eventRollups)} event rollups from ${String(result.requests)} requests in ${String(Date.now() - started)} ms`,
);
await disconnectMongo();
