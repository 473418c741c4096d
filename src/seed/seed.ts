import { AgencyModel } from '../agencies/agency-model.ts';
import { forgetAgencies } from '../agencies/agency-directory.ts';
import { hashPassword, verifyPassword } from '../users/password.ts';
import { UserModel } from '../users/user-model.ts';
import { DEMO_USERS, SEED_AGENCIES } from './seed-agencies.ts';

export interface SeedResult {
  agencies: number;
  users: string[];
}

/**
 * Creates or refreshes the demo agencies and, when `demoPassword` is given, the
 * demo users. Idempotent: a second run changes nothing but what drifted.
 */
export async function seedDemoData(options: {
  demoPassword?: string | undefined;
}): Promise<SeedResult> {
  await AgencyModel.bulkWrite(
    SEED_AGENCIES.map((agency) => ({
      updateOne: {
        filter: { code: agency.code },
        update: {
          $set: { ...agency, active: true },
          $setOnInsert: {
            contactEmail: `foi+${agency.code.toLowerCase()}@example.org`,
            parent: null,
          },
        },
        upsert: true,
      },
    })),
    { ordered: true },
  );
  forgetAgencies();
  const users: string[] = [];
  if (options.demoPassword) {
    for (const demo of DEMO_USERS) {
      await upsertDemoUser(demo, options.demoPassword);
      users.push(demo.email);
    }
  }
  return { agencies: SEED_AGENCIES.length, users };
}

async function upsertDemoUser(demo: (typeof DEMO_USERS)[number], password: string): Promise<void> {
  const existing = await UserModel.findOne({ email: demo.email }).lean();
  const keepHash =
    existing?.passwordHash && (await verifyPassword(existing.passwordHash, password));
  const passwordHash = keepHash ? existing.passwordHash : await hashPassword(password);
  await UserModel.updateOne(
    { email: demo.email },
    {
      $set: {
        name: demo.name,
        roles: [...demo.roles],
        agency: demo.agency,
        jurisdiction: demo.jurisdiction,
        passwordHash,
        active: true,
      },
      $setOnInsert: { locale: 'ar', emailVerifiedAt: new Date() },
    },
    { upsert: true },
  );
}
