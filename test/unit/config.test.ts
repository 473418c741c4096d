import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catchError } from '../support/catch-error.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, ConfigError, DEFAULT_SESSION_SECRET, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('gives documented defaults for an empty environment, frozen', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.DEFAULT_LOCALE, 'ar');
    assert.equal(config.SESSION_SECRET, DEFAULT_SESSION_SECRET);
    assert.ok(Object.isFrozen(config));
  });

  it('treats empty strings as unset', () => {
    assert.equal(loadConfig({ PORT: '' }).PORT, 3000);
  });

  it('lists every bad key at once, with the reason', async () => {
    const error = (await catchError(() =>
      loadConfig({
        PORT: 'eighty',
        MONGODB_URI: 'http://example.org',
        REDIS_URL: 'not a url',
        DEFAULT_LOCALE: 'fr',
        LOG_LEVEL: 'loud',
      }),
    )) as ConfigError;
    assert.ok(error instanceof ConfigError);
    const keys = error.problems.map((problem) => problem.split(':')[0]).sort();
    assert.deepEqual(keys, ['DEFAULT_LOCALE', 'LOG_LEVEL', 'MONGODB_URI', 'PORT', 'REDIS_URL']);
    assert.match(error.message, /MONGODB_URI: must start with mongodb:\/\//);
  });

  it('refuses the default session secret in production', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      /SESSION_SECRET: the default secret is refused/,
    );
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
    assert.equal(config.NODE_ENV, 'production');
  });

  it('refuses a short session secret', () => {
    assert.throws(
      () => loadConfig({ SESSION_SECRET: 'short' }),
      /SESSION_SECRET: must be at least 32/,
    );
  });

  it('documents every key in .env.example', () => {
    const example = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = CONFIG_KEYS.filter((key) => !documented.has(key));
    assert.deepEqual(missing, []);
  });
});
