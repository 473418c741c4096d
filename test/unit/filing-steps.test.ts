import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  answered,
  firstUnanswered,
  nextPlace,
  previousPlace,
  reachable,
  STEP_FIELDS,
  stepOfField,
  stepsFor,
  withAnswers,
  type FilingDraft,
  type FilingStep,
} from '../../src/http/requests/filing-steps.ts';

/** Every answer a page must have, filled. */
const FULL: Record<FilingStep, Partial<FilingDraft>> = {
  country: { jurisdiction: 'JO' },
  agency: { agency: 'JO-MOH' },
  received: {
    receivedAt: '2026-11-01T10:30',
    channel: 'paper',
    requesterName: 'Omar',
    language: 'en',
  },
  question: { subject: 'Doctors', body: 'How many doctors work in each hospital?' },
  visibility: { visibility: 'public' },
};

const officer = fc.boolean();
/** A draft with some pages answered (and some answers blank, as a person might leave them). */
const draftOf = (isOfficer: boolean) =>
  fc
    .record({
      answered: fc.subarray([...stepsFor(isOfficer)]),
      blank: fc.boolean(),
    })
    .map(({ answered: pages, blank }) => {
      const draft: FilingDraft = { id: 'd' };
      for (const page of pages) Object.assign(draft, FULL[page]);
      if (blank && pages.includes('question')) draft.subject = '   ';
      return draft;
    });
const withDraft = officer.chain((isOfficer) =>
  draftOf(isOfficer).map((draft) => ({ steps: stepsFor(isOfficer), draft })),
);

describe('the filing’s pages', () => {
  it('citizens answer country, agency, question, visibility; officers the receipt instead of the first two', () => {
    assert.deepEqual(stepsFor(false), ['country', 'agency', 'question', 'visibility']);
    assert.deepEqual(stepsFor(true), ['received', 'question', 'visibility']);
  });

  it('the first page to answer has every page before it answered; "check" only when all are', () => {
    fc.assert(
      fc.property(withDraft, ({ steps, draft }) => {
        const first = firstUnanswered(steps, draft);
        if (first === 'check') assert.ok(steps.every((s) => answered(s, draft)));
        else {
          assert.equal(answered(first, draft), false);
          for (const before of steps.slice(0, steps.indexOf(first)))
            assert.ok(answered(before, draft));
        }
      }),
    );
  });

  it('a page is reachable only when the pages before it are answered; else the first unanswered', () => {
    fc.assert(
      fc.property(
        withDraft,
        fc.constantFrom<FilingStep | 'check'>('check', ...stepsFor(false), 'received'),
        ({ steps, draft }, wanted) => {
          const place = reachable(steps, draft, wanted);
          const first = firstUnanswered(steps, draft);
          assert.ok(place === wanted || place === first);
          if (place !== 'check' && first !== 'check')
            assert.ok(steps.indexOf(place) <= steps.indexOf(first));
          // A page of the other role's filing is never where anyone lands.
          assert.ok(place === 'check' || steps.includes(place));
        },
      ),
    );
  });

  it('answering each page where the last one led reaches "Check your answers" in as many pages', () => {
    fc.assert(
      fc.property(officer, (isOfficer) => {
        const steps = stepsFor(isOfficer);
        let draft: FilingDraft = { id: 'd' };
        let place = firstUnanswered(steps, draft);
        const visited: string[] = [];
        while (place !== 'check') {
          visited.push(place);
          draft = withAnswers(draft, place, FULL[place]);
          place = nextPlace(steps, draft, place, false);
        }
        assert.deepEqual(visited, steps);
      }),
    );
  });

  it('a change returns to "Check your answers", unless it left a page to answer', () => {
    fc.assert(
      fc.property(withDraft, fc.nat(4), ({ steps, draft }, at) => {
        const step = steps[at % steps.length]!;
        const next = nextPlace(steps, withAnswers(draft, step, FULL[step]), step, true);
        assert.equal(next, firstUnanswered(steps, withAnswers(draft, step, FULL[step])));
      }),
    );
    const done: FilingDraft = {
      id: 'd',
      ...FULL.country,
      ...FULL.agency,
      ...FULL.question,
      ...FULL.visibility,
    };
    const steps = stepsFor(false);
    assert.equal(
      nextPlace(steps, withAnswers(done, 'question', FULL.question), 'question', true),
      'check',
    );
    // A new country forgets the agency: its page is next.
    const moved = withAnswers(done, 'country', { jurisdiction: 'TN' });
    assert.equal(moved.agency, undefined);
    assert.equal(nextPlace(steps, moved, 'country', true), 'agency');
    // The same country again keeps it.
    assert.equal(withAnswers(done, 'country', { jurisdiction: 'JO' }).agency, 'JO-MOH');
  });

  it('a page’s answers replace only that page’s, and the draft keeps its id', () => {
    fc.assert(
      fc.property(
        withDraft,
        fc.constantFrom(...(Object.keys(FULL) as FilingStep[])),
        ({ draft }, step) => {
          const next = withAnswers(draft, step, {});
          assert.equal(next.id, draft.id);
          for (const key of Object.keys(draft) as (keyof FilingDraft)[]) {
            const ownPage = (STEP_FIELDS[step] as readonly string[]).includes(key);
            const lostAgency =
              step === 'country' && key === 'agency' && draft.jurisdiction !== undefined;
            if (key !== 'id' && !ownPage && !lostAgency) assert.deepEqual(next[key], draft[key]);
            if (ownPage) assert.equal(next[key], undefined);
          }
        },
      ),
    );
  });

  it('each field is asked on one page, the API’s names included; the back link goes one page back', () => {
    for (const [step, fields] of Object.entries(STEP_FIELDS))
      for (const field of fields) assert.equal(stepOfField(field), step);
    assert.equal(stepOfField('requester.name'), 'received');
    assert.equal(stepOfField('requester.email'), 'received');
    assert.equal(stepOfField('version'), undefined);
    assert.equal(previousPlace(stepsFor(false), 'country'), null);
    assert.equal(previousPlace(stepsFor(false), 'question'), 'agency');
    assert.equal(previousPlace(stepsFor(true), 'check'), 'visibility');
  });
});
