import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ServiceUnavailableError } from '../errors.ts';

/** 429 with the seconds to wait; the error handler sends them as Retry-After. */
export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(
    retryAfterSeconds: number,
    code = 'RATE_LIMITED',
    messageKey = 'error.rateLimited.message',
  ) {
    super({
      status: 429,
      code,
      messageKey,
      vars: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    });
    this.retryAfterSeconds = retryAfterSeconds;
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
}

/** The limits, counted in Redis so they hold across every web process. */
export function createRateLimits(redis: Redis, prefix: string, filingsPerHour = 20): RateLimits {
  const limiter = (name: string, points: number, durationSeconds: number, blockSeconds = 0) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${name}`,
      points,
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
  };
}

/** Takes one point; over the limit → 429, Redis unreachable → 503 (never silently unlimited). */
export async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw new TooManyRequestsError(Math.ceil(rejection.msBeforeNext / 1000));
    throw new ServiceUnavailableError();
  }
}

/** Seconds the key is still blocked for, or 0. */
export async function blockedFor(limiter: RateLimiterRedis, key: string): Promise<number> {
  const res = await limiter.get(key).catch(() => null);
  if (!res || res.consumedPoints <= limiter.points) return 0;
  return Math.ceil(res.msBeforeNext / 1000);
}
