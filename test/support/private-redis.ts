import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../scripts/free-port.ts';

/**
 * A redis-server of this test file (or benchmark) of its own, so that it may be
 * emptied whole (FLUSHALL) or restarted without touching the Redis the others
 * share; nothing kept on disk. `port` starts it again where it was.
 */
export async function startPrivateRedis(
  port?: number,
): Promise<{ url: string; port: number; process: ChildProcess; stop(): Promise<void> }> {
  const chosen = port ?? (await freePort(6500));
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  // A run that fails leaves no server behind.
  process.once('exit', () => server.kill('SIGKILL'));
  const url = `redis://127.0.0.1:${String(chosen)}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => undefined);
  for (let i = 0; ; i += 1) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (i > 100) throw error;
      probe.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  probe.disconnect();
  return {
    url,
    port: chosen,
    process: server,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}
