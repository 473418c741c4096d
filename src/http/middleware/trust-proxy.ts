import type { RequestHandler } from 'express';
import type { Logger } from '../../platform/logger.ts';

/**
 * Which proxies' `X-Forwarded-For` to believe (TRUST_PROXY), as Express's
 * `trust proxy` takes it: none by default (the client's address is the
 * socket's, and a client cannot forge its own), a number of hops (the load
 * balancer and nginx in front: 2), or the proxies' addresses and subnets
 * (`10.0.0.0/8,loopback`). The limits key on the address this gives.
 */
export function trustProxySetting(value: string): false | number | string[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Warns once when a request comes with `X-Forwarded-For` while no proxy is
 * trusted: behind a proxy, every client then shares the proxy's address (one
 * bucket for every limit); set TRUST_PROXY.
 */
export function warnUntrustedForwarding(logger: Logger, trusted: boolean): RequestHandler {
  let warned = trusted;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn(
        { remoteAddress: req.socket.remoteAddress },
        'X-Forwarded-For arrives but no proxy is trusted: every client behind it shares one address for the rate limits; set TRUST_PROXY (docs/deploying.md)',
      );
    }
    next();
  };
}
