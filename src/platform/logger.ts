import { pino, type Logger } from 'pino';
import type { Config } from '../config.ts';

/** Paths never written to logs, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["foia-api-secret"]',
  'secret',
  '*.secret',
  'res.headers["set-cookie"]',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name = 'haqq'): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  });
}

export type { Logger };
