import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { connectRedis } from '../src/platform/redis.ts';
import mongoose, { Types } from 'mongoose';
import { AgencyModel } from '../src/agencies/agency-model.ts';
import { ensureIndexes } from '../src/platform/mongo.ts';
import { createProgress } from '../src/platform/progress.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { UserModel } from '../src/users/user-model.ts';
import type { Role } from '../src/users/user-model.ts';
import { withDatabase } from '../test/support/test-env.ts';
import { freePort } from '../scripts/free-port.ts';

/** Runs `task` from `concurrency` callers until `total` calls are done; returns calls per second. */
export async function rate(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const caller = async () => {
    while (next < total) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return total / ((performance.now() - started) / 1000);
}

/** Latency percentile (0–100) of sorted or unsorted samples, in the samples' unit. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function row(label: string, value: number, unit: string, digits = 1): string {
  return `${label.padEnd(44)} ${value.toFixed(digits).padStart(10)} ${unit}`;
}

/**
 * Inserts `count` requests straight through the driver (insertMany of 1,000),
 * spread over the agencies, requesters and statuses given, received over the
 * last year. Returns the insert rate in documents per second.
 */
export async function seedRequests(
  count: number,
  options: {
    agencies: readonly string[];
    requesters: readonly Types.ObjectId[];
    statuses: readonly string[];
    dueAt: (receivedAt: Date) => Date;
    refYear?: number;
    /** Received evenly over this many days up to now (default: a year). */
    spanDays?: number;
    jurisdiction?: string;
    /** Fields that override the defaults for request `i` (answers, outcomes, figures…). */
    extra?: (i: number, receivedAt: Date, dueAt: Date) => Record<string, unknown>;
  },
): Promise<number> {
  const span = options.spanDays === undefined ? undefined : options.spanDays * 86_400_000;
  const now = Date.now();
  const started = performance.now();
  const progress = createProgress('seeding requests', count, { everyMs: 10_000 });
  for (let start = 0; start < count; start += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - start) }, (_, j) => {
      const i = start + j;
      const receivedAt = new Date(
        span === undefined
          ? now - ((i * 7919) % (365 * 86_400_000))
          : // Spread evenly over the span (7919 is prime: a permutation of 0…count-1).
            now - Math.floor((((i * 7919) % count) / count) * span),
      );
      const dueAt = options.dueAt(receivedAt);
      return {
        _id: new Types.ObjectId(),
        ref: `${options.jurisdiction ?? 'JO'}-${String(options.refYear ?? 2025)}-${String(i + 1).padStart(6, '0')}`,
        jurisdiction: options.jurisdiction ?? 'JO',
        agency: options.agencies[i % options.agencies.length],
        requester: {
          user: options.requesters[i % options.requesters.length] ?? null,
          name: 'Citizen',
          email: null,
        },
        channel: 'web',
        subject: `Request ${String(i)}`,
        body: 'Please send the figures for 2025, by month and by governorate.',
        language: 'ar',
        urgent: false,
        urgentReason: null,
        visibility: i % 3 === 0 ? 'private' : 'public',
        // Each agency holds every status in turn (i % statuses would tie a status to an agency
        // whenever the two counts share a factor: 50 agencies, 5 statuses).
        status: options.statuses[Math.floor(i / options.agencies.length) % options.statuses.length],
        outcome: null,
        legalGrounds: [],
        assignee: null,
        rulesVersion: 'JO-2024',
        receivedAt,
        clockStartedAt: receivedAt,
        extensionCount: 0,
        dueAt,
        originalDueAt: dueAt,
        pauses: [],
        transfers: [],
        appeal: null,
        attachments: [],
        messages: [],
        searchTokens: [],
        version: 1,
        createdAt: receivedAt,
        updatedAt: receivedAt,
        ...options.extra?.(i, receivedAt, dueAt),
      };
    });
    await RequestModel.collection.insertMany(batch, { ordered: false });
    progress.update(start + batch.length);
  }
  progress.finish();
  return count / ((performance.now() - started) / 1000);
}

/** The node flags of `npm start` (package.json), so the web process measured is the one we ship. */
export const WEB_NODE_FLAGS = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .replace(/^node\s+/, '')
  .replace(/\s*src\/server\.ts$/, '');

/**
 * Starts the web server as its own process (production mode, the flags of
 * `npm start`, or BENCH_WEB_FLAGS) on `uri`, waits until it is ready, and
 * gives its address, its memory, sign-in and a stop that leaves no Redis keys.
 */
export async function startWebProcess(
  uri: string,
  redisUrl: string,
  env: Record<string, string> = {},
) {
  const port = await freePort(3900);
  const prefix = `bench${String(Date.now())}`;
  const webFlags = (process.env.BENCH_WEB_FLAGS ?? WEB_NODE_FLAGS).split(' ').filter(Boolean);
  const web = spawn(process.execPath, [...webFlags, 'src/server.ts'], {
    env: {
      ...process.env,
      MONGODB_URI: uri,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${String(port)}`,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      // One address plays many clients: the per-address limits raised.
      RATE_LIMIT_MULTIPLIER: '100000',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A benchmark that fails leaves no server behind.
  process.once('exit', () => web.kill('SIGKILL'));
  const base = `http://127.0.0.1:${String(port)}`;
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`${base}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error('the web process did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const redis = connectRedis(redisUrl);
  return {
    base,
    prefix,
    redis,
    pid: web.pid,
    /** The web process's resident memory now and at its peak, in MB (Linux /proc). */
    memory() {
      const status = readFileSync(`/proc/${String(web.pid)}/status`, 'utf8');
      const kb = (field: string) =>
        Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
      return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    },
    /** Signs in through the API; the login limit per address is reset between users (bench only). */
    signIn(email: string, password: string) {
      return signInThroughApi(base, redis, prefix, email, password);
    },
    /** Stops the process and deletes the bench's queue and session keys. */
    async stop() {
      web.kill('SIGTERM');
      await new Promise((resolve) => web.once('exit', resolve));
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/** Connects to a fresh database of its own for one benchmark (dropped first), with the indexes. */
export async function openBenchDatabase(uri: string, name: string): Promise<string> {
  const dbUri = withDatabase(uri, name);
  await mongoose.connect(dbUri);
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
  return dbUri;
}

/** `count` agencies `<JUR>-<letter>01`…, inserted through the model; returns their codes. */
export async function seedBenchAgencies(
  letter: string,
  count: number,
  jurisdiction = 'JO',
): Promise<string[]> {
  const codes = Array.from(
    { length: count },
    (_, i) => `${jurisdiction}-${letter}${String(i + 1).padStart(2, '0')}`,
  );
  await AgencyModel.insertMany(
    codes.map((code) => ({
      code,
      jurisdiction,
      name: { ar: `جهة ${code}`, en: `Agency ${code}` },
      contactEmail: `${code.toLowerCase()}@example.org`,
      keywords: { ar: [], en: [] },
    })),
  );
  return codes;
}

/** A worker process (`jobs/worker.ts`, production mode) on `uri` and the queue `prefix`, once started. */
export async function startWorkerProcess(
  uri: string,
  prefix: string,
  smtpUrl: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['jobs/worker.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      MONGODB_URI: uri,
      REDIS_PREFIX: prefix,
      SMTP_URL: smtpUrl,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-only-secret-that-is-long-enough-to-pass',
      BASE_URL: 'https://haqq.example',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('worker started')) resolve();
    });
  });
  return child;
}

/** Peak resident memory of a child process so far, in MB (Linux /proc), NaN once it has exited. */
export function childPeakRssMb(child: Pick<ChildProcess, 'pid'>): number {
  try {
    const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Lifts the per-address login limit of the web processes on `prefix` (bench only: one address signs in many). */
export async function resetLoginLimit(redis: Redis, prefix: string): Promise<void> {
  await redis.del(`${prefix}:rl:login-ip:127.0.0.1`, `${prefix}:rl:login-ip:::ffff:127.0.0.1`);
}

/** Signs in through the API (the login limit lifted first); the session cookie and CSRF token. */
export async function signInThroughApi(
  base: string,
  redis: Redis,
  prefix: string,
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  await resetLoginLimit(redis, prefix);
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${String(res.status)} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

/**
 * `count` confirmed users of one role, `<role><i>@bench.example.org`, sharing
 * one password hash; `extra(i)` adds fields (an officer's agency).
 */
export function seedBenchUsers(
  role: Role,
  count: number,
  passwordHash: string,
  extra: (i: number) => Record<string, unknown> = () => ({}),
) {
  const label = role.charAt(0).toUpperCase() + role.slice(1);
  return UserModel.insertMany(
    Array.from({ length: count }, (_, i) => ({
      email: `${role}${String(i)}@bench.example.org`,
      name: `${label} ${String(i)}`,
      passwordHash,
      roles: [role],
      emailVerifiedAt: new Date(),
      ...extra(i),
    })),
  );
}
