import type { Queue } from 'bullmq';
import { eventually } from './mail.ts';

/**
 * Waits until none of `queues` has a job running, waiting or due: what the
 * workers were given is done, so "no further mail" can be asserted instead of
 * slept on. Delayed jobs whose time has not come (future reminders) do not
 * count, unless `delayed` says so (a queue whose delays are debounces, such as
 * the rollups'). Two quiet looks in a row, so a job that adds another is seen through.
 */
export async function drained(
  queues: readonly Queue[],
  ms = 30_000,
  options: { delayed?: boolean } = {},
): Promise<void> {
  const busy = async () => {
    for (const queue of queues) {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
      if (counts.active! + counts.waiting! + counts.prioritized! > 0) return true;
      const [next] = await queue.getDelayed(0, 0);
      if (next && (options.delayed || next.timestamp + next.delay <= Date.now())) return true;
    }
    return false;
  };
  await eventually(
    'the queues to drain',
    async () => {
      if (await busy()) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (await busy()) ? undefined : true;
    },
    ms,
  );
}
