// A figure timed over wrong answers is false: a page that came back empty is fast. Every
// answer a benchmark times is checked (status and content), and a benchmark with any
// wrong answer prints no figure, says what failed, and exits non-zero.

const failures = new Map<string, { count: number; example: string }>();

/** Records one timed answer: `problem` is null when the answer is what the benchmark expects. */
export function checkAnswer(operation: string, problem: string | null): void {
  if (problem === null) return;
  const seen = failures.get(operation);
  if (seen) seen.count += 1;
  else failures.set(operation, { count: 1, example: problem });
}

/** How many timed answers were wrong so far. */
export function wrongAnswers(): number {
  let total = 0;
  for (const { count } of failures.values()) total += count;
  return total;
}

/**
 * Prints the figures when every timed answer was right and returns true; otherwise
 * prints only what failed (count and a first example per operation), sets exit code 1
 * and returns false.
 */
export function printFigures(lines: readonly string[]): boolean {
  if (failures.size === 0) {
    for (const line of lines) console.log(line);
    return true;
  }
  console.error(`no figures: ${String(wrongAnswers())} timed answers were wrong`);
  for (const [operation, { count, example }] of failures)
    console.error(`  ${operation}: ${String(count)} wrong, first: ${example}`);
  process.exitCode = 1;
  return false;
}

/** Reads a timed JSON answer and records it: right when its status is `status` and `field` a string in it. */
export async function checkJsonAnswer(
  operation: string,
  res: Response,
  status: number,
  field: string,
): Promise<Record<string, unknown>> {
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  checkAnswer(
    operation,
    res.status !== status
      ? `HTTP ${String(res.status)}`
      : typeof body[field] === 'string'
        ? null
        : `no ${field} in the answer`,
  );
  return body;
}
