import { pino, type Logger } from 'pino';
import type { Config } from '../config.ts';
import { currentLogContext } from './log-context.ts';

/** Paths never written to logs, wherever they appear in a logged object. */
const REDACTED_PATHS = [
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

/**
 * The process logger: JSON lines on stdout, secrets redacted; each line written
 * while serving a request or running a job carries its `reqId` (and `queue`,
 * `jobId`), see src/platform/log-context.ts.
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'>,
  name = 'haqq',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => ({ ...currentLogContext() }),
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
