// Starts the web server and a worker for development, restarting each on change,
// and prints where to look. Stops both on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEMO_USERS } from '../src/seed/seed-agencies.ts';
import { freePort } from './free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const port = await freePort(Number(process.env.PORT ?? 3000));
const baseUrl = process.env.BASE_URL ?? `http://localhost:${port}`;
const env = {
  ...process.env,
  PORT: String(port),
  BASE_URL: baseUrl,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DEV_MAIL_PAGES: process.env.DEV_MAIL_PAGES ?? 'true',
  // A receiver on this machine (a developer's own) may get webhooks over http://.
  WEBHOOK_ALLOW_LOOPBACK: process.env.WEBHOOK_ALLOW_LOOPBACK ?? 'true',
};
const watch = [
  '--watch-path=src',
  '--watch-path=views',
  '--watch-path=config',
  '--watch-path=jobs',
];
const children: ChildProcess[] = [
  spawn(process.execPath, [...watch, 'src/server.ts'], { cwd: ROOT, env, stdio: 'inherit' }),
  spawn(process.execPath, [...watch, 'jobs/worker.ts'], { cwd: ROOT, env, stdio: 'inherit' }),
];

console.log(`
Haqq is starting at ${baseUrl}
  caught mail:  ${baseUrl}/dev/mail
  demo logins (password ${process.env.DEMO_PASSWORD ?? 'haqq-demo-2026'}):
${DEMO_USERS.map((user) => `    ${user.email}`).join('\n')}
Press Ctrl-C to stop (services keep running; npm run services:stop stops them).
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping && code !== 0) stop();
  });
}
await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
