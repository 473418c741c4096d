// CPU time spent by each process of the system under test, read from /proc (Linux),
// so a benchmark can say where a request's cost goes: the web process, FerretDB,
// PostgreSQL (the postmaster, its live backends and the ones that exited), Redis
// and the benchmark's own client.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const TICKS = 100; // USER_HZ on Linux

/** utime + stime (+ the children waited for, with `children`), in seconds. */
function cpuOf(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ')
      .map(Number);
    // After the name: state(0) … utime(11) stime(12) cutime(13) cstime(14).
    const own = (fields[11] ?? 0) + (fields[12] ?? 0);
    return (children ? own + (fields[13] ?? 0) + (fields[14] ?? 0) : own) / TICKS;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      try {
        const stat = readFileSync(`/proc/${String(child)}/stat`, 'utf8').replace(/^.*\) /, '');
        return Number(stat.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    });
}

function pidFrom(file: string, read: (text: string) => number): number | undefined {
  try {
    return read(readFileSync(path.join(ROOT, file), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

export type CpuSample = Record<'web' | 'ferretdb' | 'postgres' | 'redis' | 'bench', number>;

/** The CPU seconds used so far by each process (0 where one is not ours to read). */
export function cpuSample(webPid: number | undefined): CpuSample {
  const ferretdb = pidFrom('.run/ferretdb.json', (t) => (JSON.parse(t) as { pid: number }).pid);
  const redis = pidFrom('.run/redis.json', (t) => (JSON.parse(t) as { pid: number }).pid);
  const postmaster = pidFrom('.data/postgres/postmaster.pid', (t) => Number(t.split('\n')[0]));
  const usage = process.cpuUsage();
  return {
    web: webPid ? cpuOf(webPid) : 0,
    ferretdb: ferretdb ? cpuOf(ferretdb) : 0,
    postgres: postmaster
      ? cpuOf(postmaster, true) + childrenOf(postmaster).reduce((sum, pid) => sum + cpuOf(pid), 0)
      : 0,
    redis: redis ? cpuOf(redis) : 0,
    bench: (usage.user + usage.system) / 1e6,
  };
}

/** CPU milliseconds per operation of each process between two samples. */
export function cpuPerOperation(before: CpuSample, after: CpuSample, operations: number) {
  return Object.fromEntries(
    (Object.keys(before) as (keyof CpuSample)[]).map((key) => [
      key,
      ((after[key] - before[key]) * 1000) / operations,
    ]),
  ) as CpuSample;
}
