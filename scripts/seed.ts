// `npm run seed`: demo agencies always; demo users outside production only.
import { boot } from '../src/boot.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { DEMO_USERS } from '../src/seed/seed-agencies.ts';
import { seedDemoData } from '../src/seed/seed.ts';

const { config, logger } = await boot('seed');
const production = config.NODE_ENV === 'production';
const result = await seedDemoData({ demoPassword: production ? undefined : config.DEMO_PASSWORD });
logger.info({ agencies: result.agencies, users: result.users.length }, 'seeded');
// `npm run dev` prints the logins itself and passes --quiet.
if (!production && !process.argv.includes('--quiet')) {
  console.log(`\nDemo logins (password: ${config.DEMO_PASSWORD}):`);
  for (const user of DEMO_USERS) console.log(`  ${user.roles.join(', ').padEnd(13)} ${user.email}`);
}
await disconnectMongo();
