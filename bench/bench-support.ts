import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { RequestModel } from '../src/requests/request-model.ts';

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

/**
 * Inserts `count` requests straight through the driver (insertMany of 1,000),
 * spread over the agencies, requesters and statuses given, received over the
 * last year. Returns the insert rate in documents per second.
 */
export async function seedRequests(
  count: number,
  options: {
    agencies: readonly string[];
    requesters: readonly Types.ObjectId[];
    statuses: readonly string[];
    dueAt: (receivedAt: Date) => Date;
    refYear?: number;
  },
): Promise<number> {
  const now = Date.now();
  const started = performance.now();
  for (let start = 0; start < count; start += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - start) }, (_, j) => {
      const i = start + j;
      const receivedAt = new Date(now - ((i * 7919) % (365 * 86_400_000)));
      const dueAt = options.dueAt(receivedAt);
      return {
        _id: new Types.ObjectId(),
        ref: `JO-${String(options.refYear ?? 2025)}-${String(i + 1).padStart(6, '0')}`,
        jurisdiction: 'JO',
        agency: options.agencies[i % options.agencies.length],
        requester: {
          user: options.requesters[i % options.requesters.length] ?? null,
          name: 'Citizen',
          email: null,
        },
        channel: 'web',
        subject: `Request ${String(i)}`,
        body: 'Please send the figures for 2025, by month and by governorate.',
        language: 'ar',
        urgent: false,
        urgentReason: null,
        visibility: i % 3 === 0 ? 'private' : 'public',
        status: options.statuses[i % options.statuses.length],
        outcome: null,
        legalGrounds: [],
        assignee: null,
        rulesVersion: 'JO-2024',
        receivedAt,
        clockStartedAt: receivedAt,
        extensionCount: 0,
        dueAt,
        originalDueAt: dueAt,
        pauses: [],
        transfers: [],
        appeal: null,
        attachments: [],
        messages: [],
        searchTokens: [],
        version: 1,
        createdAt: receivedAt,
        updatedAt: receivedAt,
      };
    });
    await RequestModel.collection.insertMany(batch, { ordered: false });
  }
  return count / ((performance.now() - started) / 1000);
}
