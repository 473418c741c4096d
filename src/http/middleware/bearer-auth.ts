import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { userOfToken } from '../../users/api-token-store.ts';
import { consume, type RateLimits } from '../../platform/rate-limits.ts';

/**
 * `Authorization: Bearer <token>` for integrations: the request acts as the
 * token's role and scope, carries no session (so no CSRF token), and each
 * token has its own rate limit. A bad or revoked token is a 401.
 */
export function bearerAuth(limits: RateLimits) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      next();
      return;
    }
    const user = await userOfToken(header.slice('Bearer '.length).trim(), new Date());
    if (!user)
      throw new AppError({
        status: 401,
        code: 'AUTH.INVALID_TOKEN',
        messageKey: 'error.invalidToken.message',
      });
    await consume(limits.apiToken, user.tokenId);
    req.user = user;
    next();
  };
}
