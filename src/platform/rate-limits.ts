import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ServiceUnavailableError } from '../errors.ts';

/**
 * A limit as the RateLimit header fields describe it (draft-ietf-httpapi-
 * ratelimit-headers-10): its name, its quota and its window in seconds.
 */
export interface LimitPolicy {
  name: string;
  quota: number;
  windowSeconds: number;
}

/** The policy of a limiter, read from how createRateLimits made it. */
export function policyOf(limiter: RateLimiterRedis): LimitPolicy {
  return {
    name: limiter.keyPrefix.slice(limiter.keyPrefix.lastIndexOf(':rl:') + 4),
    quota: limiter.points,
    windowSeconds: limiter.duration,
  };
}

/**
 * The RateLimit-Policy and RateLimit header fields (draft-ietf-httpapi-
 * ratelimit-headers-10, section 3 and 4: a quoted policy name with `q` the
 * quota and `w` the window in seconds; `r` what remains and `t` the seconds
 * until the quota is back).
 */
export function rateLimitHeaders(
  policy: LimitPolicy,
  remaining: number,
  resetSeconds: number,
): Record<string, string> {
  const name = `"${policy.name}"`;
  return {
    'RateLimit-Policy': `${name};q=${String(policy.quota)};w=${String(policy.windowSeconds)}`,
    RateLimit: `${name};r=${String(Math.max(0, remaining))};t=${String(Math.max(0, Math.ceil(resetSeconds)))}`,
  };
}

/** The header fields of a 429: Retry-After, and the RateLimit fields when the limit is known. */
export function tooManyHeaders(
  retryAfterSeconds: number,
  policy?: LimitPolicy,
): Record<string, string> {
  return {
    'Retry-After': String(retryAfterSeconds),
    ...(policy ? rateLimitHeaders(policy, 0, retryAfterSeconds) : {}),
  };
}

/** 429 with the seconds to wait; the error handler sends them as Retry-After, with the RateLimit fields. */
export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;
  readonly policy: LimitPolicy | undefined;
  constructor(
    retryAfterSeconds: number,
    code = 'RATE_LIMITED',
    messageKey = 'error.rateLimited.message',
    policy?: LimitPolicy,
  ) {
    super({
      status: 429,
      code,
      messageKey,
      vars: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    });
    this.retryAfterSeconds = retryAfterSeconds;
    this.policy = policy;
  }
}

export interface RateLimits {
  /** Sign-in attempts from one address. */
  loginByIp: RateLimiterRedis;
  /** Failed sign-ins to one e-mail (known or not): the lock that follows is the lockout. */
  loginFailuresByAccount: RateLimiterRedis;
  registrationByIp: RateLimiterRedis;
  passwordResetByIp: RateLimiterRedis;
  /** Account mails (confirmations, resets, notices) to one address, whoever asks: no mail bombing. */
  mailsToAddress: RateLimiterRedis;
  filingByUser: RateLimiterRedis;
  /** E-mail changes a signed-in user asks for (each mails an address they choose). */
  accountMailByUser: RateLimiterRedis;
  /** Invitations one manager sends (each mails an address they choose). */
  invitationsByUser: RateLimiterRedis;
  /** Calls made with one API token. */
  apiToken: RateLimiterRedis;
  /** Follow requests (each sends a confirmation mail) from one address. */
  followByIp: RateLimiterRedis;
  /** Wrong or missing portal secrets from one address. */
  portalSecretByIp: RateLimiterRedis;
  /** Searches (the page, the API, the search feed) by one address without an account. */
  searchByIp: RateLimiterRedis;
  /** Feeds and sitemaps read by one address without an account. */
  feedsByIp: RateLimiterRedis;
  /** Open-data files read by one address without an account. */
  openDataByIp: RateLimiterRedis;
}

/**
 * The limits, counted in Redis so they hold across every web process.
 * `multiplier` (RATE_LIMIT_MULTIPLIER) raises every quota alike: the load
 * benchmarks send fifty clients from one address.
 */
export function createRateLimits(
  redis: Redis,
  prefix: string,
  filingsPerHour = 20,
  multiplier = 1,
): RateLimits {
  const limiter = (name: string, points: number, durationSeconds: number, blockSeconds = 0) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${name}`,
      points: points * multiplier,
      duration: durationSeconds,
      blockDuration: blockSeconds,
    });
  return {
    loginByIp: limiter('login-ip', 30, 15 * 60, 15 * 60),
    // Four failures are allowed; the fifth within an hour locks the account for 15 minutes.
    loginFailuresByAccount: limiter('login-fail', 4, 60 * 60, 15 * 60),
    registrationByIp: limiter('register-ip', 5, 60 * 60),
    passwordResetByIp: limiter('reset-ip', 10, 60 * 60),
    mailsToAddress: limiter('mail-address', 5, 60 * 60),
    filingByUser: limiter('filing', filingsPerHour, 60 * 60),
    accountMailByUser: limiter('account-mail', 5, 60 * 60),
    invitationsByUser: limiter('invitations', 100, 60 * 60),
    apiToken: limiter('api-token', 600, 60),
    followByIp: limiter('follow-ip', 20, 60 * 60),
    // Ten wrong secrets in fifteen minutes, then the address waits fifteen minutes.
    portalSecretByIp: limiter('portal-secret-ip', 10, 15 * 60, 15 * 60),
    // A person searches a few times a minute; a crawler is held to one a second.
    searchByIp: limiter('search-ip', 60, 60),
    feedsByIp: limiter('feeds-ip', 60, 60),
    openDataByIp: limiter('open-data-ip', 30, 60),
  };
}

/**
 * Takes one point; over the limit → 429 (with the limit's policy for the
 * RateLimit fields), Redis unreachable → 503 (never silently unlimited).
 * Returns what remains and when the quota is back.
 */
export async function consume(
  limiter: RateLimiterRedis,
  key: string,
): Promise<{ remaining: number; resetSeconds: number }> {
  try {
    const taken = await limiter.consume(key);
    return { remaining: taken.remainingPoints, resetSeconds: taken.msBeforeNext / 1000 };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw new TooManyRequestsError(
        Math.ceil(rejection.msBeforeNext / 1000),
        undefined,
        undefined,
        policyOf(limiter),
      );
    throw new ServiceUnavailableError();
  }
}

/** Seconds the key is still blocked for, or 0. */
export async function blockedFor(limiter: RateLimiterRedis, key: string): Promise<number> {
  const res = await limiter.get(key).catch(() => null);
  if (!res || res.consumedPoints <= limiter.points) return 0;
  return Math.ceil(res.msBeforeNext / 1000);
}
