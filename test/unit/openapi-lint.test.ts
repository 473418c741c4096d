import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { API_OPERATIONS } from '../../src/http/api-operations.ts';
import { openApiDocument } from '../../src/http/api/openapi-document.ts';
import { patternMaxLength } from '../../src/http/api/schema-limits.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);

/**
 * The OpenAPI document passes two linters made for it (issue 31): Redocly's recommended
 * rules with no warning, and Spectral's OWASP API Security ruleset (.spectral.yaml) with no
 * error on any request body or parameter: every string, array and integer a client sends
 * has its limit stated.
 */
describe('the OpenAPI document under Redocly and Spectral', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'haqq-openapi-'));
  const file = path.join(dir, 'openapi.json');
  writeFileSync(
    file,
    JSON.stringify(
      openApiDocument(API_OPERATIONS, 'https://haqq.example', '0.1.0', 50 * 1024 * 1024),
    ),
  );
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("Redocly's recommended rules: no error, no warning", async () => {
    const { stdout } = await run(
      bin('redocly'),
      ['lint', file, '--extends', 'recommended', '--format', 'json'],
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    assert.deepEqual(
      report.problems.map((p) => `${p.ruleId}: ${p.message}`),
      [],
      'Redocly problems',
    );
    assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
  });

  it("Spectral's OWASP rules: no error on a request body or a parameter", async () => {
    // Spectral exits 1 when it finds anything (response-side findings included); its JSON is the verdict.
    const { stdout } = await run(
      bin('spectral'),
      ['lint', file, '--ruleset', path.join(ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: unknown) => error as { stdout: string });
    const findings = JSON.parse(stdout) as { code: string; severity: number; path: string[] }[];
    const onInputs = findings.filter(
      (f) => f.severity === 0 && f.path.some((p) => p === 'requestBody' || p === 'parameters'),
    );
    assert.deepEqual(
      onInputs.map((f) => `${f.code} at ${f.path.join('/')}`),
      [],
      'errors on what a client sends',
    );
  });
});

describe('the longest string a pattern allows (maxLength in the document)', () => {
  it('reads literals, classes, escapes, groups, alternation and quantifiers', () => {
    const cases: [RegExp, number][] = [
      [/^[0-9a-f]{24}$/, 24],
      [/^[A-Z]{2}-\d{4}-\d{6,10}$/, 18],
      [/^[A-Z]{2}-[A-Z0-9-]{2,40}$/, 43],
      [/^\d{1,3}_\d{13}_[0-9a-f]{24}$/, 42],
      [/^(?:ab|cde)?x$/, 4],
      [/^a\.b[\]x]$/, 4],
    ];
    for (const [pattern, longest] of cases)
      assert.equal(patternMaxLength(pattern.source), longest, pattern.source);
  });
  it('is unbounded where the pattern is, or where it cannot tell', () => {
    for (const pattern of [/^a+$/, /^a*$/, /^\d{6,}$/, /^(a)\1$/, /^(?=a)a$/])
      assert.equal(patternMaxLength(pattern.source), Infinity, pattern.source);
  });
  it('never gives less than a string the pattern matches (any generated match fits)', () => {
    const pattern = /^[A-Z]{2}-\d{4}-\d{6,10}$/;
    for (const sample of ['JO-2026-000001', 'TN-2027-1234567890'])
      assert.ok(pattern.test(sample) && sample.length <= patternMaxLength(pattern.source));
  });
});
