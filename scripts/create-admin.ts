// `npm run create-admin -- --email admin@example.gov [--name "…"]`: creates the first
// administrator, or makes an existing account one. The password is read from
// HAQQ_ADMIN_PASSWORD, else from standard input (one line, never echoed or logged).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { boot } from '../src/boot.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { hashPassword } from '../src/users/password.ts';
import { passwordProblem } from '../src/users/password-policy.ts';
import { UserModel } from '../src/users/user-model.ts';
import { t } from '../src/i18n/i18n.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
  console.error('usage: npm run create-admin -- --email admin@example.gov [--name "Name"]');
  process.exit(2);
}

/** Reads one line without echoing it on a terminal; from a pipe, the first line. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.HAQQ_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin, terminal: false });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  process.stderr.write('Password (not shown): ');
  process.stdin.setRawMode(true);
  return new Promise<string>((resolve) => {
    let typed = '';
    process.stdin.on('data', (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') process.exit(130);
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    });
  });
}

const password = await readPassword();
const problem = passwordProblem(password, email);
if (problem) {
  console.error(t('en', problem));
  process.exit(1);
}
const { logger } = await boot('create-admin');
const passwordHash = await hashPassword(password);
const existing = await UserModel.findOne({ email }).lean();
await UserModel.updateOne(
  { email },
  {
    $set: {
      passwordHash,
      active: true,
      roles: [...new Set([...(existing?.roles ?? []), 'admin'])],
      emailVerifiedAt: existing?.emailVerifiedAt ?? new Date(),
    },
    $setOnInsert: { name: values.name ?? 'Administrator', locale: 'ar' },
  },
  { upsert: true },
);
logger.info({ email, created: !existing }, 'administrator ready');
await disconnectMongo();
