/**
 * Progress of a long-running command (a rebuild, a seeding): counts so far,
 * the share done and an estimate of the time left, printed at most every
 * `everyMs` and once at the end.
 */
export interface Progress {
  /** Records `done` items finished so far (not a delta). */
  update(done: number): void;
  /** Prints the final count and the time taken. */
  finish(): void;
}

const count = (n: number) => n.toLocaleString('en-US');

/** "about 3 min left", "about 40 s left". */
export function timeLeft(elapsedMs: number, done: number, total: number): string {
  if (done <= 0 || total <= done) return '';
  const seconds = Math.ceil(((elapsedMs / done) * (total - done)) / 1000);
  return seconds >= 120
    ? `about ${String(Math.round(seconds / 60))} min left`
    : `about ${String(seconds)} s left`;
}

export function createProgress(
  label: string,
  total: number,
  options: { write?: (line: string) => void; everyMs?: number; now?: () => number } = {},
): Progress {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 2_000;
  const started = now();
  let printedAt = started;
  let done = 0;
  return {
    update(value) {
      done = value;
      const at = now();
      if (at - printedAt < everyMs) return;
      printedAt = at;
      const share = total > 0 ? ` (${String(Math.floor((done / total) * 100))}%)` : '';
      const left = timeLeft(at - started, done, total);
      write(`${label}: ${count(done)} of ${count(total)}${share}${left ? `, ${left}` : ''}`);
    },
    finish() {
      write(`${label}: ${count(done)} in ${String(Math.round((now() - started) / 1000))} s`);
    },
  };
}
