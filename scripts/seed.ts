// `npm run seed`: demo agencies always; demo users outside production only.
// `npm run seed -- --demo`: also the living demo archive (never in production).
// `npm run seed -- --demo --reset`: removes what the demo archive made, and only that.
import { boot } from '../src/boot.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { refreshOverrides } from '../src/jurisdictions/holiday-override-store.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { createProgress } from '../src/platform/progress.ts';
import { resetDemoArchive, seedDemoArchive } from '../src/seed/demo-archive.ts';
import { DEMO_USERS } from '../src/seed/seed-agencies.ts';
import { seedDemoData } from '../src/seed/seed.ts';

const { config, logger, jurisdictions } = await boot('seed');
const production = config.NODE_ENV === 'production';
const demo = process.argv.includes('--demo') || process.argv.includes('--reset');
if (demo && production) {
  console.error('seed: the demo archive is never made in production (NODE_ENV=production)');
  await disconnectMongo();
  process.exit(2);
}
const result = await seedDemoData({ demoPassword: production ? undefined : config.DEMO_PASSWORD });
logger.info({ agencies: result.agencies, users: result.users.length }, 'seeded');
if (demo) {
  const calendars = createJurisdictionCalendars(jurisdictions);
  await refreshOverrides(calendars, Date.now(), true);
  const now = new Date();
  if (process.argv.includes('--reset')) {
    const removed = await resetDemoArchive(calendars, now);
    console.log(
      `demo archive removed: ${String(removed.requests)} requests, ${String(removed.users)} people`,
    );
  } else {
    let progress: ReturnType<typeof createProgress> | undefined;
    const made = await seedDemoArchive(
      {
        calendars,
        settings: {
          leadDays: config.REMINDER_LEAD_DAYS,
          escalationDays: config.ESCALATION_DAYS,
          hour: config.REMINDER_HOUR,
        },
        onProgress: (done, total) => {
          progress ??= createProgress('seed: demo requests', total);
          progress.update(done);
        },
      },
      now,
    );
    progress?.finish();
    console.log(
      made.made > 0
        ? `demo archive: ${String(made.made)} requests made (${String(made.steps)} steps after filing)`
        : `demo archive: already there (${String(made.skipped)} requests), nothing added`,
    );
  }
}
// `npm run dev` prints the logins itself and passes --quiet.
if (!production && !process.argv.includes('--quiet')) {
  console.log(`\nDemo logins (password: ${config.DEMO_PASSWORD}):`);
  for (const user of DEMO_USERS) console.log(`  ${user.roles.join(', ').padEnd(13)} ${user.email}`);
}
await disconnectMongo();
