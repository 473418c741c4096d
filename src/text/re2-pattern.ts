import { RE2JS } from 're2js';

/**
 * Patterns people write (an agency's own redaction patterns) run under RE2
 * (re2js, a pure-JavaScript port of RE2): matching takes time linear in the
 * text, whatever the pattern, so `(\d+)+X` cannot stall the process (it took
 * one filing 8.8 s on V8's backtracking engine). RE2 has no look-around and
 * no back-references: a pattern that needs them is refused when it is saved,
 * and one stored before is disabled (agencies/agency-rule-check.ts).
 */

const MAX_CACHED = 1_000;
const compiled = new Map<string, RE2JS | string>();

/** The pattern compiled, or RE2's reason for refusing it; kept for the next call. */
function compile(source: string): RE2JS | string {
  let found = compiled.get(source);
  if (found === undefined) {
    try {
      found = RE2JS.compile(source);
    } catch (error) {
      found = (error as Error).message;
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(source, found);
  }
  return found;
}

/** Why RE2 refuses `source`, or null when it takes it. */
export function re2Refusal(source: string): string | null {
  const found = compile(source);
  return typeof found === 'string' ? found : null;
}

/** Every stretch of `text` the pattern matches, in order (none when RE2 refuses the pattern). */
export function re2Stretches(source: string, text: string): { start: number; end: number }[] {
  const found = compile(source);
  if (typeof found === 'string') return [];
  const stretches: { start: number; end: number }[] = [];
  const matcher = found.matcher(text);
  while (matcher.find()) {
    const start = matcher.start();
    const end = matcher.end();
    if (end > start) stretches.push({ start, end });
  }
  return stretches;
}
