import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { currentRules } from '../../src/jurisdictions/jurisdiction-rules.ts';
import type { RequestView } from '../../src/http/requests/request-page-loader.ts';
import { conversation, statusSentence } from '../../src/http/requests/request-story.ts';
import { OUTCOMES, REQUEST_STATUSES } from '../../src/requests/request-states.ts';

const registry = loadJurisdictions();
const jo = registry.get('JO');
const tn = registry.get('TN');
assert.ok(jo && tn);
const joRules = currentRules(jo);
const tnRules = currentRules(tn);

const base = {
  ref: 'JO-2026-000001',
  agency: 'JO-MOH',
  status: 'submitted',
  outcome: null,
  legalGrounds: [],
  appeal: null,
  appealOpen: null,
  overdue: false,
  deemedRefused: false,
  standing: 'requester',
  receivedAt: '2026-11-01T08:00:00.000Z',
  dueAt: '2026-11-22T21:59:59.999Z',
  subject: 'Hospital budgets',
  body: 'Please send the 2025 budgets.',
  publishedAnswer: null,
  requester: { name: 'Sara' },
  events: [{ seq: 1, type: 'submitted', at: '2026-11-01T08:00:00.000Z', details: {} }],
  messages: [],
  documents: [],
} as unknown as RequestView;

const day = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
const story = (
  view: Partial<RequestView>,
  options: { locale?: 'ar' | 'en'; rules?: typeof joRules } = {},
) => ({
  locale: options.locale ?? 'en',
  view: { ...base, ...view },
  rules: options.rules ?? joRules,
  agencyName: 'Ministry of Health',
  day,
  digits: (text: string) => text,
});

describe('the request story: where it stands, in one sentence', () => {
  it('a running request says who answers by when; late, it says so', () => {
    assert.equal(
      statusSentence(story({})),
      'Waiting for Ministry of Health to answer, by 2026-11-22.',
    );
    assert.equal(
      statusSentence(story({ overdue: true })),
      'Ministry of Health had to answer by 2026-11-22; the answer is late.',
    );
  });

  it('a refusal names its articles and the appeal open to the reader, until when', () => {
    const refused = {
      status: 'answered',
      outcome: 'refused',
      legalGrounds: ['Art. 13 (e)'],
      appealOpen: {
        body: { en: 'the Information Council', ar: 'مجلس المعلومات' },
        until: '2027-01-05T21:59:59.999Z',
      },
      events: [
        ...base.events,
        { seq: 2, type: 'answered', at: '2026-12-06T09:00:00.000Z', details: {} },
      ],
    } as unknown as Partial<RequestView>;
    const sentence = statusSentence(story(refused));
    assert.match(
      sentence,
      /^Refused on 2026-12-06 under Art\. 13 \(e\)\. You can appeal to the Information Council until 2027-01-05\./,
    );
    // A visitor reads of the requester, not of "you".
    assert.match(
      statusSentence(story({ ...refused, standing: 'public' })),
      /The requester can appeal/,
    );
  });

  it('an answer in time says so; a finished request names its day, not a due date', () => {
    const answered = {
      status: 'answered',
      outcome: 'granted',
      events: [{ seq: 2, type: 'answered', at: '2026-11-10T09:00:00.000Z', details: {} }],
    } as unknown as Partial<RequestView>;
    assert.equal(statusSentence(story(answered)), 'Answered on time, on 2026-11-10.');
    assert.equal(
      statusSentence(story({ ...answered, dueAt: '2026-11-05T21:59:59.999Z' })),
      'Answered late, on 2026-11-10.',
    );
  });

  it('a question paused the clock only where the law pauses it, marked where unverified', () => {
    const asked = {
      status: 'awaiting_clarification',
      events: [
        { seq: 2, type: 'clarification_requested', at: '2026-11-03T09:00:00.000Z', details: {} },
      ],
    } as unknown as Partial<RequestView>;
    // Jordan: the clock runs on, and that rule is not yet verified.
    const jordan = statusSentence(story(asked));
    assert.match(jordan, /asked you a question/);
    assert.match(
      jordan,
      /does not stop the clock: the answer is still due by 2026-11-22\. \(not yet verified\)$/,
    );
    assert.match(
      statusSentence(story(asked, { rules: tnRules })),
      /stops the clock until the reply/,
    );
  });

  it('after an appeal decision: what it means, and where the requester can take it next', () => {
    const decided = {
      status: 'appeal_decided',
      outcome: 'refused',
      appeal: {
        stage: 0,
        ground: 'refusal',
        filedAt: '2026-12-08T09:00:00.000Z',
        dueAt: null,
        decision: 'upheld',
        decidedAt: '2026-12-20T09:00:00.000Z',
      },
    } as unknown as Partial<RequestView>;
    assert.equal(
      statusSentence(story(decided)),
      'Information Council decided the appeal on 2026-12-20. It upheld the refusal: the information stays withheld. ' +
        'You can take it further to Administrative Court, within 30 calendar days of the decision. (not yet verified)',
    );
    const overturned = { ...decided, appeal: { ...decided.appeal, decision: 'overturned' } };
    assert.doesNotMatch(statusSentence(story(overturned as Partial<RequestView>)), /further/);
  });

  it('every status, outcome and reader gives a sentence in both languages, every blank filled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUEST_STATUSES),
        fc.constantFrom(null, ...OUTCOMES),
        fc.constantFrom('requester', 'agency', 'public'),
        fc.constantFrom('ar', 'en'),
        fc.boolean(),
        fc.boolean(),
        (status, outcome, standing, locale, overdue, appealOpen) => {
          const sentence = statusSentence(
            story(
              {
                status,
                outcome,
                standing,
                overdue,
                deemedRefused: overdue && status === 'submitted',
                appealOpen: appealOpen
                  ? { body: { en: 'the Council', ar: 'المجلس' }, until: null }
                  : null,
                appeal:
                  status === 'appealed' || status === 'appeal_decided'
                    ? {
                        stage: 0,
                        ground: 'refusal',
                        filedAt: '2026-11-20T09:00:00.000Z',
                        dueAt: null,
                        decision: status === 'appeal_decided' ? 'upheld' : null,
                        decidedAt: null,
                      }
                    : null,
              } as unknown as Partial<RequestView>,
              { locale },
            ),
          );
          assert.ok(sentence.length > 10, `${status}/${String(outcome)}: ${sentence}`);
          assert.doesNotMatch(sentence, /[{}]|story\./);
          if (locale === 'ar') assert.match(sentence, /[\u0600-\u06FF]/);
        },
      ),
    );
  });
});

describe('the correspondence', () => {
  it('reads in order: the request, the question, the reply, the answer with its grounds', () => {
    const messages = conversation(
      story({
        status: 'answered',
        outcome: 'refused',
        legalGrounds: ['Art. 13 (e)'],
        messages: [
          {
            at: '2026-11-05T09:00:00.000Z',
            side: 'requester',
            body: 'Those of Amman.',
            attachments: [],
          },
          {
            at: '2026-11-03T09:00:00.000Z',
            side: 'agency',
            body: 'Which hospitals?',
            attachments: [],
          },
        ],
        events: [
          { seq: 1, type: 'submitted', at: '2026-11-01T08:00:00.000Z', details: {} },
          {
            seq: 4,
            type: 'answered',
            at: '2026-11-09T09:00:00.000Z',
            details: { reason: 'Secret.' },
          },
        ],
      } as unknown as Partial<RequestView>),
    );
    assert.deepEqual(
      messages.map((m) => `${m.day} ${m.author}: ${m.kind}: ${m.body ?? ''}`),
      [
        '2026-11-01 Sara: Request: Please send the 2025 budgets.',
        '2026-11-03 Ministry of Health: Message from the agency: Which hospitals?',
        '2026-11-05 Sara: Message from the requester: Those of Amman.',
        '2026-11-09 Ministry of Health: Answer: refused: Secret.',
      ],
    );
    assert.equal(messages[3]?.note, 'Under Art. 13 (e)');
    assert.equal(messages[0]?.subject, 'Hospital budgets');
  });

  it('each message carries its documents; the answer those of no message', () => {
    const messages = conversation(
      story({
        status: 'answered',
        outcome: 'granted',
        documents: [{ id: 'd1' }, { id: 'd2' }],
        messages: [
          { at: '2026-11-05T09:00:00.000Z', side: 'requester', body: 'Here.', attachments: ['d1'] },
        ],
        events: [{ seq: 3, type: 'answered', at: '2026-11-09T09:00:00.000Z', details: {} }],
      } as unknown as Partial<RequestView>),
    );
    assert.deepEqual(
      messages.map((m) => [m.type, m.attachments ?? []]),
      [
        ['request', []],
        ['message', ['d1']],
        ['answered', ['d2']],
      ],
    );
  });

  it('a visitor reads the published answer and the name the requester chose, else "a citizen"', () => {
    const [request, answer] = conversation(
      story({
        standing: 'public',
        status: 'answered',
        outcome: 'granted',
        requester: { masked: true, displayName: null },
        publishedAnswer: 'Attached.',
        events: [{ seq: 2, type: 'answered', at: '2026-11-09T09:00:00.000Z', details: {} }],
      } as unknown as Partial<RequestView>),
    );
    assert.equal(request?.author, 'a citizen');
    assert.equal(answer?.body, 'Attached.');
  });
});
