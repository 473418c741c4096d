import { z } from 'zod';

/** The secret shipped in `.env.example`; production refuses to run with it. */
export const DEFAULT_SESSION_SECRET = 'dev-only-session-secret-change-me-0123456789';

const url = (protocols: readonly string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
    error: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BASE_URL: url(['http', 'https']).default('http://localhost:3000'),
    MONGODB_URI: url(['mongodb', 'mongodb+srv']).default('mongodb://127.0.0.1:27027/haqq'),
    REDIS_URL: z
      .string()
      .refine((value) => /^(redis|rediss|redis\+sentinel):\/\/\S+$/.test(value), {
        error: 'must start with redis:// or rediss:// or redis+sentinel://',
      })
      .default('redis://127.0.0.1:6389'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _ - { } only')
      .default('haqq'),
    SMTP_URL: url(['smtp', 'smtps']).default('smtp://127.0.0.1:2525'),
    MAIL_FROM: z.string().min(3).default('Haqq <no-reply@haqq.localhost>'),
    SESSION_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default(DEFAULT_SESSION_SECRET),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    DEFAULT_LOCALE: z.enum(['ar', 'en']).default('ar'),
    /** The licence of the open data (an SPDX id or a short name), shown on /open-data. */
    OPEN_DATA_LICENCE: z.string().min(2).max(60).default('CC-BY-4.0'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').default('haqq-demo-2026'),
    MAIL_CATCHER_DIR: z.string().optional(),
    /** `/dev/mail` (the caught mail): only when NODE_ENV is development and this is `true` (npm run dev sets it). */
    DEV_MAIL_PAGES: z.enum(['true', 'false']).default('false'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /**
     * On SIGTERM a web process first answers /readyz with 503 and closes each
     * connection after its answer for this long, so the load balancer stops
     * sending before the listener closes (none cut); then it drains.
     */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    READY_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
    FILINGS_PER_HOUR: z.coerce.number().int().positive().default(20),
    /**
     * Whose X-Forwarded-For to believe: empty (none: the default), a number of proxy hops,
     * or the proxies' addresses and subnets, comma-separated (src/http/middleware/trust-proxy.ts).
     */
    TRUST_PROXY: z
      .string()
      .regex(/^[\w.:/,\s]*$/, 'must be empty, a hop count, or addresses and subnets')
      .default(''),
    /** Raises every rate limit's quota this many times (the load benchmarks; 1 in production). */
    RATE_LIMIT_MULTIPLIER: z.coerce.number().int().min(1).max(100_000).default(1),
    /** The largest body a national portal may send, in MB (the spec's 20 MB of files, in base64). */
    PORTAL_BODY_LIMIT_MB: z.coerce.number().int().min(1).max(200).default(30),
    /** The largest document an officer or a requester may attach, in MB (each file). */
    DOCUMENT_MAX_MB: z.coerce.number().int().min(1).max(500).default(50),
    /** The most pages a PDF or TIFF document may have (a scan of a whole file, not an archive). */
    DOCUMENT_MAX_PAGES: z.coerce.number().int().min(1).max(5_000).default(300),
    /**
     * A released document's public copy (OCR, redaction): the time one job may take, in
     * seconds, and the memory the worker and its processes may hold together, in MB; past either the
     * document stays private with the reason.
     */
    DOCUMENT_COPY_TIMEOUT_S: z.coerce.number().int().min(10).max(86_400).default(3_600),
    DOCUMENT_COPY_MEMORY_MB: z.coerce.number().int().min(128).max(65_536).default(1_024),
    /** How many portal bodies one web process reads at once; past that, 503 with Retry-After. */
    PORTAL_CONCURRENT_BODIES: z.coerce.number().int().min(1).max(100).default(4),
    /**
     * How long a web process reuses a search's ranking and counts (src/search/search-cache.ts):
     * a new publication reaches search within this; a takedown leaves it at once. 0: off.
     */
    SEARCH_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(15_000),
    REMINDER_LEAD_DAYS: z.coerce.number().int().min(1).max(30).default(3),
    ESCALATION_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
    RECONCILE_EVERY_MS: z.coerce.number().int().min(1_000).default(600_000),
    JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
    /** When /api/v1 was deprecated and when it stops answering (ISO dates); unset while current. */
    API_V1_DEPRECATED_AT: z.iso.date().optional(),
    API_V1_SUNSET_AT: z.iso.date().optional(),
    WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(30_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    WEBHOOK_PAUSE_AFTER: z.coerce.number().int().min(1).max(1_000).default(5),
    /** The ports a webhook endpoint may use (comma-separated). */
    WEBHOOK_PORTS: z
      .string()
      .regex(/^\d{1,5}(\s*,\s*\d{1,5})*$/, 'must be ports separated by commas')
      .default('443,8443'),
    /** Development and tests only: webhooks may reach this machine and private networks, over HTTP. */
    WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
    /** `npm run backup` encrypts the archive's data files to these age recipients (age1…, comma-separated). */
    BACKUP_AGE_RECIPIENTS: z.string().optional(),
    /** `npm run restore` reads the age private key of an encrypted archive from this file. */
    BACKUP_AGE_IDENTITY_FILE: z.string().optional(),
    /** Lets a scraper off this host read /metrics with `Authorization: Bearer <token>`; unset: loopback only. */
    METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /** A worker serves /metrics on this port when set (web processes serve it on PORT). */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === DEFAULT_SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'the default secret is refused in production; set a random value',
      });
    }
    if (env.NODE_ENV === 'production' && env.WEBHOOK_ALLOW_LOOPBACK === 'true') {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_LOOPBACK'],
        message: 'refused in production: webhooks would reach this machine and its network',
      });
    }
  });

export type Config = Readonly<z.infer<typeof schema>>;

/** Every key the configuration reads (each is documented in `.env.example`). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

/** Thrown by {@link loadConfig}; its message lists every bad key at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the configuration from an environment (by default `process.env`, the only
 * place the project reads it). Empty strings count as unset, so a blank line in
 * `.env` falls back to the default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    CONFIG_KEYS.flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    // One line per key, with every reason that key failed.
    const byKey = new Map<string, string[]>();
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || '(env)';
      byKey.set(key, [...(byKey.get(key) ?? []), issue.message]);
    }
    throw new ConfigError([...byKey].map(([key, reasons]) => `${key}: ${reasons.join('; ')}`));
  }
  return Object.freeze(parsed.data);
}
