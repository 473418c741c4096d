import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { testConfig } from '../support/test-env.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts a project entry point and resolves with the first log line matching `ready`. */
async function start(entry: string, env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${entry} did not start: ${stderr.join('')}`));
    }, 30_000);
    lines.on('line', (text) => {
      if (ready.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`${entry} exited with ${String(code)}: ${stderr.join('')}`));
    });
  });
  return { child, line };
}

async function stopped(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('processes', () => {
  const config = testConfig('processes');
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    MONGODB_URI: config.MONGODB_URI,
    REDIS_PREFIX: config.REDIS_PREFIX,
    PORT: '0',
  };
  after(async () => {
    const connection = await mongoose.createConnection(config.MONGODB_URI).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it('the web server boots, answers /readyz and exits 0 on SIGTERM', async () => {
    const { child, line } = await start('src/server.ts', env, /web listening/);
    const { port } = JSON.parse(line) as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', mongo: 'ok', redis: 'ok' });
    assert.equal(await stopped(child), 0);
  });

  it('the worker boots and exits 0 on SIGTERM', async () => {
    const { child } = await start('jobs/worker.ts', env, /worker started/);
    assert.equal(await stopped(child), 0);
  });

  it('a bad configuration stops boot with every bad key listed', async () => {
    const child = spawn(process.execPath, ['src/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'x', REDIS_URL: 'nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 1);
    assert.match(stderr, /Invalid configuration/);
    assert.match(stderr, /PORT: /);
    assert.match(stderr, /REDIS_URL: /);
  });
});
