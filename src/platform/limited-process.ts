import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** How long a child may run and how much memory it and its own children may hold together. */
export interface ProcessLimits {
  timeoutMs: number;
  memoryBytes: number;
}

export interface LimitedRun {
  stdout: string;
  stderr: string;
  /** The most memory (resident) the group held at any sample. */
  peakBytes: number;
  ms: number;
}

/** A child stopped by its limits, or one that failed; `reason` says which. */
export class LimitedProcessError extends Error {
  readonly reason: 'time' | 'memory' | 'exit';
  readonly peakBytes: number;
  constructor(
    reason: 'time' | 'memory' | 'exit',
    command: string,
    detail: string,
    peakBytes: number,
  ) {
    super(`${command}: ${reason === 'exit' ? detail : `over its ${reason} limit`}`);
    this.name = 'LimitedProcessError';
    this.reason = reason;
    this.peakBytes = peakBytes;
  }
}

const PAGE_BYTES = 4096;
const SAMPLE_MS = 100;
const KEPT_OUTPUT = 64 * 1024;

/** The processes in the tree under `root` (it included) and their resident bytes, from /proc (Linux). */
async function treeResidentBytes(root: number): Promise<{ bytes: number; pids: number[] }> {
  const names = await readdir('/proc').catch(() => [] as string[]);
  const parents = new Map<number, number>();
  const resident = new Map<number, number>();
  await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
        if (!stat) return;
        // The fields after the command's closing bracket: state ppid pgrp …; rss is the 24th field.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(name), Number(fields[1]));
        resident.set(Number(name), Number(fields[21] ?? 0) * PAGE_BYTES);
      }),
  );
  const pids = [root];
  for (let i = 0; i < pids.length; i++)
    for (const [pid, parent] of parents) if (parent === pids[i]) pids.push(pid);
  const bytes = pids.reduce((sum, pid) => sum + (resident.get(pid) ?? 0), 0);
  return { bytes, pids };
}

/**
 * Runs `command` in a process group of its own, sampling the memory of its
 * whole tree (it and every process it starts, in any group) ten times a
 * second: over `memoryBytes`, or past `timeoutMs`, the tree is killed and the
 * run fails with the reason (with `withSelf`, this process counts too). A
 * memory limit per process (ulimit) would let a tool that forks, as OCRmyPDF
 * does, hold several times the limit; cgroups are not available to an
 * unprivileged worker. `stdin` is written and closed; each
 * stdout line goes to `onLine` as it comes (progress).
 */
export function runLimited(
  command: string,
  args: readonly string[],
  limits: ProcessLimits,
  options: {
    env?: NodeJS.ProcessEnv;
    stdin?: string;
    onLine?: (line: string) => void;
    /** Count this process's own memory with the child's tree (a worker and the tools it runs). */
    withSelf?: boolean;
  } = {},
): Promise<LimitedRun> {
  const started = Date.now();
  const child = spawn(command, args, {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, OMP_THREAD_LIMIT: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  let peakBytes = 0;
  let stopped: 'time' | 'memory' | null = null;
  let tree: number[] = [];
  const kill = (reason: 'time' | 'memory') => {
    stopped ??= reason;
    for (const pid of child.pid ? [-child.pid, ...tree] : tree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-KEPT_OUTPUT);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-KEPT_OUTPUT);
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => {
    kill('time');
  }, limits.timeoutMs);
  let sampling = false;
  const sampler = setInterval(() => {
    if (sampling || !child.pid) return;
    sampling = true;
    void treeResidentBytes(child.pid).then(({ bytes: children, pids }) => {
      const bytes = children + (options.withSelf ? process.memoryUsage.rss() : 0);
      sampling = false;
      tree = pids;
      peakBytes = Math.max(peakBytes, bytes);
      if (bytes > limits.memoryBytes) kill('memory');
    });
  }, SAMPLE_MS);
  return new Promise((resolve, reject) => {
    const finish = (code: number | null, error?: Error) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (partial) options.onLine?.(partial);
      const ms = Date.now() - started;
      if (stopped) reject(new LimitedProcessError(stopped, command, '', peakBytes));
      else if (error || code !== 0)
        reject(
          new LimitedProcessError(
            'exit',
            command,
            error?.message ??
              `exit ${String(code)}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
            peakBytes,
          ),
        );
      else resolve({ stdout, stderr, peakBytes, ms });
    };
    child.once('error', (error) => {
      finish(null, error);
    });
    child.once('close', (code) => {
      finish(code);
    });
  });
}
