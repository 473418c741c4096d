import { performance } from 'node:perf_hooks';

/** Runs `task` from `concurrency` callers until `total` calls are done; returns calls per second. */
export async function rate(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const caller = async () => {
    while (next < total) {
      const i = next;
      next += 1;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return total / ((performance.now() - started) / 1000);
}

/** Latency percentile (0–100) of sorted or unsorted samples, in the samples' unit. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function row(label: string, value: number, unit: string, digits = 1): string {
  return `${label.padEnd(44)} ${value.toFixed(digits).padStart(10)} ${unit}`;
}
