// What the services script needs to run a background service and find it again:
// a state file per service in .run/, start detached with its log, wait for it,
// stop it. Used by services.ts and engine.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const RUN = path.join(ROOT, '.run');
export const DATA = path.join(ROOT, '.data');

export interface ServiceState {
  pid: number;
  port: number;
  /** What the running process was started with; a different key means restart it. */
  key: string;
}

export const log = (message: string) => {
  process.stderr.write(`services: ${message}\n`);
};

function statePath(name: string): string {
  return path.join(RUN, `${name}.json`);
}

export function readState(name: string): ServiceState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(name), 'utf8')) as ServiceState;
  } catch {
    return undefined;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a service started by {@link startDetached}: SIGTERM, then (after `seconds`)
 * SIGKILL to its whole process group, so that no child it started outlives it.
 */
export async function stopService(name: string, seconds = 5): Promise<void> {
  const state = readState(name);
  if (state && alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    for (let i = 0; i < seconds * 10 && alive(state.pid); i += 1) await sleep(100);
    if (alive(state.pid)) signalGroup(state.pid, 'SIGKILL');
    log(`stopped ${name} (pid ${state.pid})`);
  }
  rmSync(statePath(name), { force: true });
}

/** One line on a service, for `npm run services -- status`. */
export function describeService(name: string): string {
  const state = readState(name);
  return `${name}: ${state && alive(state.pid) ? `running, pid ${String(state.pid)}, port ${String(state.port)}` : 'stopped'}`;
}

/** Signals a detached service and every process it started (its own process group). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** How to start a service other than as this user, in the project, with this environment. */
export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  cwd?: string;
}

/** Starts a service in the background with its output in `.run/<name>.log`. */
export function startDetached(
  name: string,
  command: string,
  args: string[],
  port: number,
  key: string,
  options: StartOptions = {},
): void {
  mkdirSync(RUN, { recursive: true });
  const out = openSync(path.join(RUN, `${name}.log`), 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', out, out],
    cwd: ROOT,
    ...options,
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  child.unref();
  writeFileSync(
    statePath(name),
    JSON.stringify({ pid: child.pid, port, key } satisfies ServiceState),
  );
}

/** The last lines of a log file, for an error message. */
export function tail(file: string, lines = 15): string {
  return existsSync(file)
    ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    : '';
}

/**
 * Waits until `check` answers true (each check may itself take a while), or
 * throws with the end of the service's log: at once when the service started
 * by {@link startDetached} has exited, else after `seconds`.
 */
export async function waitFor(
  name: string,
  check: () => Promise<boolean>,
  seconds = 60,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  const logTail = () => tail(path.join(RUN, `${name}.log`));
  while (Date.now() < deadline) {
    if (await check()) return;
    const state = readState(name);
    if (state && !alive(state.pid)) throw new Error(`${name} exited at start\n${logTail()}`);
    await sleep(250);
  }
  throw new Error(`${name} did not become ready in ${String(seconds)} s\n${logTail()}`);
}
