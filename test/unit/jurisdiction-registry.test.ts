import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { catchError } from '../support/catch-error.ts';
import { computeDeadline } from '../../src/jurisdictions/deadline-calculator.ts';
import { acceptsFiling } from '../../src/jurisdictions/jurisdiction-rules.ts';
import { createWorkingCalendar } from '../../src/jurisdictions/working-calendar.ts';
import {
  JurisdictionFileError,
  loadJurisdictions,
} from '../../src/jurisdictions/jurisdiction-registry.ts';

describe('jurisdiction rules files', () => {
  it('loads every shipped file', () => {
    const registry = loadJurisdictions();
    const codes = registry.all().map((j) => j.code);
    for (const code of ['JO', 'TN', 'MA', 'LB']) assert.ok(codes.includes(code), code);
    assert.equal(registry.get('JO')?.timeZone, 'Asia/Amman');
    assert.equal(registry.get('XX'), undefined);
  });

  it('stops on a bad file, naming the file and the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haqq-jur-'));
    writeFileSync(
      path.join(dir, 'zz.json'),
      JSON.stringify({
        code: 'ZZ',
        name: { ar: 'س', en: 'Z' },
        timeZone: 'Mars/Olympus',
        law: { name: { ar: 'ق', en: 'L' }, sources: [] },
      }),
    );
    const error = await catchError(() => loadJurisdictions(dir));
    assert.ok(error instanceof JurisdictionFileError);
    assert.match(error.message, /^zz\.json: /);
    assert.match(error.message, /timeZone: not an IANA time zone/);
    assert.match(error.message, /law\.sources: /);
  });

  it('stops on a file whose code does not match its name, and on broken JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haqq-jur-'));
    writeFileSync(path.join(dir, 'aa.json'), '{ "code": ');
    assert.throws(() => loadJurisdictions(dir), /aa\.json: not valid JSON/);
    const other = mkdtempSync(path.join(tmpdir(), 'haqq-jur-'));
    const jo = loadJurisdictions().get('JO');
    writeFileSync(path.join(other, 'tn.json'), JSON.stringify(jo));
    assert.throws(
      () => loadJurisdictions(other),
      /tn\.json: code: "JO" does not match the file name/,
    );
  });

  it('lists a jurisdiction whose response period is unknown, but it cannot be used for filing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haqq-jur-'));
    const jo = loadJurisdictions().get('JO')!;
    const unknown = {
      ...jo,
      code: 'QA',
      rules: [{ ...jo.rules.at(-1)!, version: 'QA-2022', response: { days: null, dayType: null } }],
    };
    writeFileSync(path.join(dir, 'qa.json'), JSON.stringify(unknown));
    const qa = loadJurisdictions(dir).get('QA')!;
    assert.equal(acceptsFiling(qa.rules[0]!), false);
    const outcome = computeDeadline({
      kind: 'response',
      rules: qa.rules[0]!,
      calendar: createWorkingCalendar(qa),
      receivedAt: new Date('2026-03-02T08:00:00Z'),
    });
    assert.deepEqual(outcome, { ok: false, problem: 'responseUnknown' });
  });
});
