// The limits a JSON Schema states, taken from what zod checks (issue 31): an integer's
// format, a cleaned field's length, the length a bounded pattern allows. Pure.

type JsonSchema = Record<string, unknown>;

const INT32 = 2 ** 31;

/**
 * The longest string a regular expression source can match, or Infinity when it is
 * unbounded (`+`, `*`, `{n,}`) or uses what this reading does not know (back-references).
 * Reads literals, escapes, classes, groups with alternation and the quantifiers.
 */
export function patternMaxLength(source: string): number {
  let i = 0;
  const sequence = (): number => {
    let total = 0;
    let branch = 0;
    while (i < source.length && source[i] !== ')') {
      const c = source[i];
      if (c === '|') {
        total = Math.max(total, branch);
        branch = 0;
        i += 1;
        continue;
      }
      let atom: number;
      if (c === '^' || c === '$') {
        i += 1;
        continue;
      } else if (c === '(') {
        i += 1;
        if (source[i] === '?') {
          if (source[i + 1] !== ':') return Infinity; // look-around: not ours to read
          i += 2;
        }
        atom = sequence();
        if (source[i] !== ')') return Infinity;
        i += 1;
      } else if (c === '[') {
        i += 1;
        while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
        i += 1;
        atom = 1;
      } else if (c === '\\') {
        if (/[1-9kpPu]/.test(source[i + 1] ?? '')) return Infinity;
        i += 2;
        atom = 1;
      } else {
        i += 1;
        atom = 1;
      }
      const quantifier = /^(?:\{(\d+)(,(\d*))?\}|[?*+])\??/.exec(source.slice(i));
      if (quantifier) {
        i += quantifier[0].length;
        const q = quantifier[0];
        if (q.startsWith('*') || q.startsWith('+')) return Infinity;
        if (q.startsWith('?')) {
          /* at most once */
        } else if (quantifier[2] === undefined) atom *= Number(quantifier[1]);
        else if (quantifier[3] === '') return Infinity;
        else atom *= Number(quantifier[3]);
      }
      branch += atom;
    }
    return Math.max(total, branch);
  };
  const length = sequence();
  return i < source.length ? Infinity : length;
}

/**
 * Adds to a JSON Schema node what the zod schema checks but zod's output leaves out:
 * `format` on integers (int32 within its range, else int64) and `maxLength` on a string
 * whose pattern bounds it.
 */
export function stateLimits(json: JsonSchema): void {
  if (json.type === 'integer' && json.format === undefined) {
    const min = typeof json.minimum === 'number' ? json.minimum : -Infinity;
    const max = typeof json.maximum === 'number' ? json.maximum : Infinity;
    json.format = min >= -INT32 && max < INT32 ? 'int32' : 'int64';
  }
  if (json.type === 'string' && json.maxLength === undefined && typeof json.pattern === 'string') {
    const longest = patternMaxLength(json.pattern);
    if (Number.isFinite(longest)) json.maxLength = longest;
  }
}
