// The load harness of issue 20, shared by `npm run bench -- load` and `-- faults`:
// a stack of its own (a fresh database on the local engine, a private redis-server,
// a real SMTP listener, 2 web processes and 2 workers, all on 127.0.0.1), seeded
// with agencies, people and published requests, and mixed traffic from N clients
// for a fixed time: visitors reading, citizens signing in and filing, officers
// working their inboxes and answering. Every acknowledged write is recorded so a
// fault run can look for it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectRedis } from '../src/platform/redis.ts';
import mongoose, { Types } from 'mongoose';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../src/dev/mail-catcher.ts';
import { publicTextOf } from '../src/redaction/public-text.ts';
import { hashPassword } from '../src/users/password.ts';
import { freePort } from '../scripts/free-port.ts';
import { startPrivateRedis } from '../test/support/private-redis.ts';
import {
  WEB_NODE_FLAGS,
  childPeakRssMb,
  percentile,
  resetLoginLimit,
  seedBenchAgencies,
  seedBenchUsers,
  seedRequests,
  signInThroughApi,
} from './bench-support.ts';
import { withDatabase } from '../test/support/test-env.ts';
import { ensureIndexes } from '../src/platform/mongo.ts';

export const PASSWORD = 'load password that is long enough';
/** Each process's log (JSON lines, warnings and up), per run: .run/bench-logs/<database>-<process>.log. */
export const LOG_DIR = new URL('../.run/bench-logs/', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Proc {
  name: string;
  child: ChildProcess;
  port?: number;
  base?: string;
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), 0 once it has exited. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process of one command name (the engine's: ferretdb, postgres). */
export function cpuOfCommand(command: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === command)
        total += cpuSeconds(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** CPU seconds so far of each part of the stack, the engine and this process (the clients). */
export function cpuByPart(stack: Pick<Stack, 'webs' | 'workers'>): Record<string, number> {
  const sum = (procs: readonly Proc[]) => procs.reduce((n, p) => n + cpuSeconds(p.child.pid), 0);
  return {
    web: sum(stack.webs),
    workers: sum(stack.workers),
    ferretdb: cpuOfCommand('ferretdb'),
    postgres: cpuOfCommand('postgres'),
    redis: cpuOfCommand('redis-server'),
    clients: cpuSeconds(process.pid),
  };
}

export interface Stack {
  uri: string;
  redisUrl: string;
  prefix: string;
  mail: { catcher: MailCatcher; all: () => CaughtMail[] };
  webs: Proc[];
  workers: Proc[];
  env: Record<string, string>;
  startWeb(name: string): Promise<Proc>;
  startWorker(name: string): Promise<Proc>;
  /** Replaces the SMTP listener (after it was closed) on the same port. */
  reopenMail(): Promise<void>;
  /** Stops the redis-server (SIGTERM: it keeps nothing) and gives back a start on the same port. */
  stopRedis(): Promise<{ start(): Promise<void> }>;
  peaks(): Record<string, number>;
  stop(): Promise<void>;
}

/** Waits until `url` answers 200 (or throws after `ms`). */
export async function waitReady(url: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${String(ms)} ms`);
    await sleep(100);
  }
}

/**
 * Starts the stack on the engine at `engineUri` (a fresh database `dbName`):
 * its redis-server, SMTP listener, 2 web processes (production mode, the flags of
 * `npm start`) and 2 workers. `ha` gives the high-availability profile instead
 * (bench/ha.bench.ts): its FerretDB processes, web-N and worker-N on the Nth
 * (round robin), and its Redis behind Sentinel in place of a private redis-server.
 */
export async function startStack(
  engineUri: string,
  dbName: string,
  extraEnv: Record<string, string> = {},
  ha?: { engineUris: string[]; redisUrl: string },
): Promise<Stack> {
  const uri = withDatabase(engineUri, dbName);
  const uris = (ha?.engineUris ?? [engineUri]).map((u) => withDatabase(u, dbName));
  /** web-2 and worker-2' (a restart) on the second engine: the number in the name picks. */
  const uriOf = (name: string) =>
    uris[(Number(/(\d+)'*$/.exec(name)?.[1] ?? 1) - 1) % uris.length]!;
  await mongoose.connect(uri);
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
  let redis: Awaited<ReturnType<typeof startPrivateRedis>> | undefined = ha
    ? undefined
    : await startPrivateRedis();
  const redisUrl = ha?.redisUrl ?? redis!.url;
  const mailPort = await freePort(2600);
  let catcher = await startMailCatcher({ port: mailPort });
  const catchers = [catcher];
  const prefix = 'load';
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    MONGODB_URI: uri,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    SMTP_URL: catcher.url,
    NODE_ENV: 'production',
    SESSION_SECRET: 'load-bench-secret-that-is-long-enough-0123456789',
    BASE_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'warn',
    FILINGS_PER_HOUR: '1000000',
    // Fifty clients from one address: the limits raised, and any 429 counted as an error.
    RATE_LIMIT_MULTIPLIER: '100000',
    SHUTDOWN_DRAIN_MS: '2000',
    RECONCILE_EVERY_MS: '600000',
    ...extraEnv,
  };
  const flags = WEB_NODE_FLAGS.split(' ').filter(Boolean);
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = (name: string) => openSync(path.join(LOG_DIR, `${dbName}-${name}.log`), 'a');
  /** Extra node flags for every process (a profile: `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
  const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const stack: Stack = {
    uri,
    redisUrl,
    prefix,
    env,
    webs: [],
    workers: [],
    mail: {
      get catcher() {
        return catcher;
      },
      all: () => catchers.flatMap((c) => c.messages()),
    },
    async startWeb(name) {
      const port = await freePort(4100);
      const child = spawn(process.execPath, [...flags, ...extraFlags, 'src/server.ts'], {
        cwd: ROOT,
        env: {
          ...env,
          MONGODB_URI: uriOf(name),
          PORT: String(port),
          BASE_URL: `http://127.0.0.1:${String(port)}`,
        },
        stdio: ['ignore', logFile(name), 'inherit'],
      });
      process.once('exit', () => child.kill('SIGKILL'));
      const proc = { name, child, port, base: `http://127.0.0.1:${String(port)}` };
      await waitReady(`${proc.base}/readyz`);
      return proc;
    },
    async startWorker(name) {
      const child = spawn(process.execPath, [...extraFlags, 'jobs/worker.ts'], {
        cwd: ROOT,
        env: { ...env, MONGODB_URI: uriOf(name), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      process.once('exit', () => child.kill('SIGKILL'));
      const log = logFile(name);
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        const onData = (chunk: Buffer) => {
          buffered += chunk.toString();
          if (buffered.includes('worker started')) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        // Its log lines, warnings and up, to its file (info lines are only read for the start).
        child.stdout.on('data', (chunk: Buffer) => {
          for (const line of chunk.toString().split('\n'))
            if (/"level":(4|5|6)0/.test(line)) writeSync(log, `${line}\n`);
        });
        child.once('exit', (code) => {
          reject(new Error(`worker ${name} exited with ${String(code)}`));
        });
      });
      return { name, child };
    },
    async stopRedis() {
      const stopped = redis;
      if (!stopped)
        throw new Error('the Redis of the high-availability profile is not the stack’s');
      await stopped.stop();
      return {
        async start() {
          redis = await startPrivateRedis(stopped.port);
        },
      };
    },
    async reopenMail() {
      catcher = await startMailCatcher({ port: mailPort });
      catchers.push(catcher);
    },
    peaks() {
      return Object.fromEntries(
        [...stack.webs, ...stack.workers].map((p) => [p.name, childPeakRssMb(p.child)]),
      );
    },
    async stop() {
      // SIGTERM first (a profile asked for by BENCH_NODE_FLAGS is written on a clean exit).
      await Promise.all(
        [...stack.webs, ...stack.workers].map(async (proc) => {
          if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
          proc.child.kill('SIGTERM');
          await Promise.race([
            new Promise((resolve) => proc.child.once('exit', resolve)),
            sleep(15_000).then(() => proc.child.kill('SIGKILL')),
          ]);
        }),
      );
      redis?.process.kill('SIGKILL');
      await catcher.close().catch(() => undefined);
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    },
  };
  stack.webs.push(await stack.startWeb('web-1'), await stack.startWeb('web-2'));
  stack.workers.push(await stack.startWorker('worker-1'), await stack.startWorker('worker-2'));
  return stack;
}

export interface Seeded {
  agencies: string[];
  citizens: string[];
  /** One officer per agency, by agency. */
  officers: Map<string, string>;
  publishedRefs: string[];
}

const TOPICS = [
  'موازنة المستشفيات',
  'عقود الصيانة',
  'أسعار الكهرباء',
  'منح الطلاب',
  'مشتريات الأدوية',
];

/** Agencies, citizens, one officer per agency, and `published` answered public requests. */
export async function seed(published: number): Promise<Seeded> {
  const agencies = await seedBenchAgencies('L', 5);
  const hash = await hashPassword(PASSWORD);
  const citizens = (await seedBenchUsers('citizen', 60, hash)).map((u) => u.email);
  const officerDocs = await seedBenchUsers('officer', agencies.length, hash, (i) => ({
    agency: agencies[i],
  }));
  const officers = new Map(officerDocs.map((u, i) => [agencies[i]!, u.email]));
  const requesters = Array.from({ length: 200 }, () => new Types.ObjectId());
  await seedRequests(published, {
    agencies,
    requesters,
    statuses: ['answered'],
    dueAt: (at) => new Date(at.getTime() + 21 * 86_400_000),
    refYear: 2025,
    extra: (i) => {
      const subject = `${TOPICS[i % TOPICS.length] ?? ''} ${String(2015 + (i % 11))}`;
      const body = `أرجو تزويدي بالبيانات مفصلة حسب الشهر والمحافظة بخصوص ${subject}.`;
      return {
        subject,
        body,
        visibility: 'public',
        outcome: 'granted',
        ...publicTextOf({
          jurisdiction: 'JO',
          visibility: 'public',
          subject,
          body,
          requester: { name: 'Citizen' },
        }),
      };
    },
  });
  const publishedRefs = Array.from(
    { length: published },
    (_, i) => `JO-2025-${String(i + 1).padStart(6, '0')}`,
  );
  return { agencies, citizens, officers, publishedRefs };
}

/** One request that went wrong: when (ms into the run), where, after how long, and how. */
export interface Incident {
  route: string;
  base: string;
  atMs: number;
  ms: number;
  error: string;
}

/** Latency samples and outcomes of one route. */
export interface RouteStats {
  samples: number[];
  statuses: Map<number | string, number>;
  errors: number;
}

export interface Traffic {
  routes: Map<string, RouteStats>;
  /** Refs answered 201 to a citizen, and when (epoch ms). */
  filed: string[];
  filedAt: number[];
  /** When (epoch ms) each filing that was not answered 201 ended. */
  failedFilingAt: number[];
  /** Each web process's `/readyz`, every 250 ms (what the balancer saw): [epoch ms, name, status or 0]. */
  readiness: [number, string, number][];
  /** `ref action` answered 200 to an officer. */
  acted: string[];
  /** Requests answered 5xx other than 503. */
  fiveHundreds: number;
  /** Each 503 without `Retry-After` or slower than 5 s. */
  badUnavailable: Incident[];
  /** Each request cut (no answer). */
  cuts: Incident[];
  /** Paced runs: actions started more than 100 ms after their time (the stack did not keep up). */
  late: number;
  /** Answers 401/403 to a signed-in client (its session was lost with Redis): it signs in again. */
  signedOut: number;
  durationMs: number;
}

type Session = { cookie: string; csrf: string; email?: string };

/** Signs in through the API (the per-address login limit is lifted first: bench only). */
export async function signIn(
  base: string,
  redisUrl: string,
  prefix: string,
  email: string,
): Promise<Session> {
  const redis = connectRedis(redisUrl);
  try {
    return await signInThroughApi(base, redis, prefix, email, PASSWORD);
  } finally {
    await redis.quit();
  }
}

/**
 * Runs the mixed traffic from `clients` clients for `durationMs`, spread over
 * the stack's web processes as a load balancer would (round robin over those
 * whose last /readyz said 200; a refused connection goes to the next). Each
 * client waits for its answer before the next request (closed loop).
 */
export async function runTraffic(
  stack: Stack,
  seeded: Seeded,
  options: {
    clients: number;
    durationMs: number;
    onTick?: (elapsedMs: number) => Promise<void> | void;
    /** Actions started per second by all clients together (paced); unset: each client goes again at once. */
    rate?: number;
  },
): Promise<Traffic> {
  const routes = new Map<string, RouteStats>();
  const traffic: Traffic = {
    routes,
    filed: [],
    filedAt: [],
    failedFilingAt: [],
    readiness: [],
    acted: [],
    fiveHundreds: 0,
    badUnavailable: [],
    cuts: [],
    late: 0,
    signedOut: 0,
    durationMs: 0,
  };
  const base0 = stack.webs[0]!.base!;
  const citizenSessions: Session[] = [];
  for (const email of seeded.citizens.slice(0, 20))
    citizenSessions.push({ ...(await signIn(base0, stack.redisUrl, stack.prefix, email)), email });
  const officerSessions = new Map<string, Session>();
  for (const [agency, email] of seeded.officers)
    officerSessions.set(agency, {
      ...(await signIn(base0, stack.redisUrl, stack.prefix, email)),
      email,
    });
  /** Requests filed in this run, waiting for their agency's officer, by agency. */
  const inbox = new Map<string, { ref: string; next: 'acknowledge' | 'answer' }[]>(
    seeded.agencies.map((a) => [a, []]),
  );

  let turn = 0;
  /** When the clients start (set below): the time base of incidents, as of the faults' log lines. */
  let runStarted = performance.now();
  const healthy = new Set(stack.webs.map((w) => w.base!));
  const watcher = setInterval(() => {
    for (const web of stack.webs)
      void fetch(`${web.base!}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (res) => {
          traffic.readiness.push([Date.now(), web.name, res.status]);
          if (res.status === 200) healthy.add(web.base!);
          else healthy.delete(web.base!);
        },
        () => {
          traffic.readiness.push([Date.now(), web.name, 0]);
          healthy.delete(web.base!);
        },
      );
  }, 250);
  const pick = () => {
    const live = stack.webs.map((w) => w.base!).filter((b) => healthy.has(b));
    const pool = live.length > 0 ? live : stack.webs.map((w) => w.base!);
    turn += 1;
    return pool[turn % pool.length]!;
  };
  const record = (
    route: string,
    ms: number,
    status: number | string,
    expected: readonly number[],
  ) => {
    const stats: RouteStats = routes.get(route) ?? {
      samples: [],
      statuses: new Map<number | string, number>(),
      errors: 0,
    };
    routes.set(route, stats);
    stats.samples.push(ms);
    stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
    if (typeof status !== 'number' || !expected.includes(status)) stats.errors += 1;
  };
  const incident = (route: string, base: string, started: number, error: string): Incident => ({
    route,
    base,
    atMs: started - runStarted,
    ms: performance.now() - started,
    error,
  });
  const call = async (
    route: string,
    path: string,
    init: RequestInit & { expected?: readonly number[] } = {},
  ): Promise<{ status: number; body: string } | undefined> => {
    const expected = init.expected ?? [200];
    for (let attempt = 0; attempt < stack.webs.length; attempt += 1) {
      const base = pick();
      const started = performance.now();
      try {
        const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
        const body = await res.text();
        const ms = performance.now() - started;
        record(route, ms, res.status, expected);
        if (res.status >= 500 && res.status !== 503) traffic.fiveHundreds += 1;
        if (
          res.status === 503 &&
          (!res.headers.get('retry-after') || ms > 5_000) &&
          route !== 'GET /readyz'
        ) {
          traffic.badUnavailable.push(
            incident(
              route,
              base,
              started,
              `Retry-After ${res.headers.get('retry-after') ?? 'missing'}`,
            ),
          );
        }
        return { status: res.status, body };
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        // Refused: nothing was sent; the balancer tries the next process.
        if (code === 'ECONNREFUSED') {
          healthy.delete(base);
          continue;
        }
        record(route, performance.now() - started, code, expected);
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        traffic.cuts.push(
          incident(route, base, started, `${code}: ${cause ?? (error as Error).message}`),
        );
        return undefined;
      }
    }
    record(route, 0, 'no-process', expected);
    return undefined;
  };
  /**
   * A call as a signed-in person: a 401 or 403 means the session was lost (Redis
   * emptied or restarted); the person signs in again and retries once.
   */
  const asPerson = async (
    session: Session,
    route: string,
    path: string,
    init: (s: Session) => RequestInit & { expected?: readonly number[] },
  ) => {
    const first = await call(route, path, init(session));
    if (first?.status !== 401 && first?.status !== 403) return first;
    traffic.signedOut += 1;
    const stats = routes.get(route);
    if (stats) stats.errors -= 1;
    const fresh = await signIn(pick(), stack.redisUrl, stack.prefix, session.email ?? '').catch(
      () => undefined,
    );
    if (!fresh) return first;
    Object.assign(session, fresh);
    return call(route, path, init(session));
  };
  const json = (session: Session, body: unknown): RequestInit => ({
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: JSON.stringify(body),
  });

  let filedCount = 0;
  const actions: { weight: number; run: (client: number) => Promise<void> }[] = [
    {
      weight: 15,
      run: async (c) => {
        await call(
          'GET /agencies/:code',
          `/agencies/${seeded.agencies[c % seeded.agencies.length]!}`,
        );
      },
    },
    {
      weight: 8,
      run: async () => {
        await call('GET /statistics/:jurisdiction', '/statistics/JO');
      },
    },
    {
      weight: 20,
      run: async (c) => {
        await call(
          'GET /requests/:ref (published)',
          `/requests/${seeded.publishedRefs[(c * 7919 + turn) % seeded.publishedRefs.length]!}`,
        );
      },
    },
    {
      weight: 10,
      run: async (c) => {
        await call('GET /search?q=', `/search?q=${encodeURIComponent(TOPICS[c % TOPICS.length]!)}`);
      },
    },
    {
      weight: 5,
      run: async () => {
        await call('GET /api/v1/stats', '/api/v1/stats?jurisdiction=JO');
      },
    },
    {
      weight: 10,
      run: async (c) => {
        const session = citizenSessions[c % citizenSessions.length]!;
        const agency = seeded.agencies[filedCount % seeded.agencies.length]!;
        filedCount += 1;
        const fields = {
          jurisdiction: 'JO',
          agency,
          subject: `طلب تحت الحمل ${String(filedCount)}`,
          body: 'أرجو تزويدي بعقود الصيانة لعام 2025 مع المبالغ المدفوعة لكل عقد.',
          visibility: filedCount % 3 === 0 ? 'private' : 'public',
        };
        const res = await asPerson(session, 'POST /api/v1/requests', '/api/v1/requests', (s) => ({
          ...json(s, fields),
          expected: [201],
        }));
        if (res?.status === 201) {
          const { ref } = JSON.parse(res.body) as { ref: string };
          traffic.filed.push(ref);
          traffic.filedAt.push(Date.now());
          inbox.get(agency)!.push({ ref, next: 'acknowledge' });
        } else traffic.failedFilingAt.push(Date.now());
      },
    },
    {
      weight: 5,
      run: async (c) => {
        const session = citizenSessions[c % citizenSessions.length]!;
        await call("GET /requests (a citizen's own)", '/requests', {
          headers: { cookie: session.cookie },
        });
      },
    },
    {
      weight: 10,
      run: async (c) => {
        const agency = seeded.agencies[c % seeded.agencies.length]!;
        const session = officerSessions.get(agency)!;
        await asPerson(
          session,
          'GET /api/v1/requests (officer inbox)',
          '/api/v1/requests',
          (s) => ({
            headers: { cookie: s.cookie },
          }),
        );
      },
    },
    {
      weight: 10,
      run: async (c) => {
        const agency = seeded.agencies[c % seeded.agencies.length]!;
        const item = inbox.get(agency)!.shift();
        if (!item) return;
        const session = officerSessions.get(agency)!;
        const body =
          item.next === 'acknowledge'
            ? {}
            : { outcome: 'granted', message: 'الوثائق المطلوبة مرفقة بالرد.' };
        const res = await asPerson(
          session,
          `POST /api/v1/requests/:ref/${item.next}`,
          `/api/v1/requests/${item.ref}/${item.next}`,
          (s) => json(s, body),
        );
        if (res?.status === 200) {
          traffic.acted.push(`${item.ref} ${item.next}`);
          if (item.next === 'acknowledge')
            inbox.get(agency)!.push({ ref: item.ref, next: 'answer' });
        }
      },
    },
    {
      weight: 1,
      run: async (c) => {
        const email = seeded.citizens[20 + (c % 40)]!;
        const redis = connectRedis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
        redis.on('error', () => undefined);
        await resetLoginLimit(redis, stack.prefix).catch(() => undefined);
        redis.disconnect();
        await call('POST /api/v1/session (sign in)', '/api/v1/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
      },
    },
  ];
  const totalWeight = actions.reduce((sum, a) => sum + a.weight, 0);
  const choose = (r: number) => {
    let left = r * totalWeight;
    for (const action of actions) {
      left -= action.weight;
      if (left < 0) return action;
    }
    return actions[0]!;
  };

  const started = performance.now();
  runStarted = started;
  const deadline = started + options.durationMs;
  let seedValue = 12345;
  const random = () => {
    seedValue = (seedValue * 1103515245 + 12345) % 2147483648;
    return seedValue / 2147483648;
  };
  const ticker = options.onTick
    ? (async () => {
        while (performance.now() < deadline) {
          await options.onTick!(performance.now() - started);
          await sleep(200);
        }
      })()
    : Promise.resolve();
  await Promise.all([
    ticker,
    ...Array.from({ length: options.clients }, async (_, client) => {
      if (!options.rate) {
        while (performance.now() < deadline) await choose(random()).run(client);
        return;
      }
      // Paced: each client starts an action every clients ÷ rate seconds, the clients spread
      // over one period; a client whose answer came after its next start goes at once (late).
      const period = (options.clients / options.rate) * 1000;
      let next = started + (period * client) / options.clients;
      while (next < deadline) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -100) traffic.late += 1;
        next += period;
        await choose(random()).run(client);
      }
    }),
  ]);
  clearInterval(watcher);
  traffic.durationMs = performance.now() - started;
  return traffic;
}

/** One line per route: count, rate, p50/p95/p99 and errors. */
export function routeTable(traffic: Traffic): string[] {
  const lines = [
    `${'route'.padEnd(44)} ${'count'.padStart(7)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}  statuses`,
  ];
  for (const [route, stats] of [...traffic.routes].sort(([a], [b]) => a.localeCompare(b))) {
    const statuses = [...stats.statuses].map(([s, n]) => `${String(s)}×${String(n)}`).join(' ');
    lines.push(
      `${route.padEnd(44)} ${String(stats.samples.length).padStart(7)} ${(stats.samples.length / (traffic.durationMs / 1000)).toFixed(1).padStart(7)} ${percentile(stats.samples, 50).toFixed(1).padStart(8)} ${percentile(stats.samples, 95).toFixed(1).padStart(8)} ${percentile(stats.samples, 99).toFixed(1).padStart(8)} ${String(stats.errors).padStart(7)}  ${statuses}`,
    );
  }
  return lines;
}
