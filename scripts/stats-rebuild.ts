// `npm run stats:rebuild`: rebuilds every statistics rollup from the requests, read once (streamed).
import { boot } from '../src/boot.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { refreshOverrides } from '../src/jurisdictions/holiday-override-service.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { rebuildAllRollups } from '../src/stats/rollup-store.ts';

const { logger, jurisdictions } = await boot('stats-rebuild');
const calendars = createJurisdictionCalendars(jurisdictions);
await refreshOverrides(calendars, Date.now(), true);
const started = Date.now();
const result = await rebuildAllRollups(calendars, new Date());
logger.info({ ...result, ms: Date.now() - started }, 'statistics rollups rebuilt');
console.log(
  `rebuilt ${String(result.rollups)} rollups from ${String(result.requests)} requests in ${String(Date.now() - started)} ms`,
);
await disconnectMongo();
