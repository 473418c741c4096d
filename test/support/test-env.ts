import { loadConfig, type Config } from '../../src/config.ts';

/** `uri` with its database replaced by `db` (query options kept). */
export function withDatabase(uri: string, db: string): string {
  const url = new URL(uri);
  url.pathname = `/${db}`;
  return url.toString();
}

/**
 * The configuration for one test file: the services of `npm test`
 * (.run/services.env), a database and a Redis prefix of the file's own, and
 * quiet logs. `overrides` replace any key.
 */
export function testConfig(name: string, overrides: Record<string, string> = {}): Config {
  const base = process.env.MONGODB_URI;
  if (!base || !process.env.REDIS_URL) {
    throw new Error('MONGODB_URI and REDIS_URL are not set: run the tests with `npm test`');
  }
  const unique = `${name}_${process.pid}`.replace(/[^A-Za-z0-9_]/g, '_');
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGODB_URI: withDatabase(base, `haqq_t_${unique}`),
    REDIS_PREFIX: `t-${unique}`,
    // A search sees what the test just published (the cache has its own test).
    SEARCH_CACHE_MS: '0',
    ...overrides,
  });
}
