import { label, t, type Locale } from '../../i18n/i18n.ts';
import { articleLabel } from '../../jurisdictions/article-label.ts';
import type { Rules } from '../../jurisdictions/jurisdiction-schema.ts';
import type { RequestView } from './request-page-loader.ts';
import { periodWords } from '../jurisdictions/jurisdiction-view.ts';

// A request page tells its story (WhatDoTheyKnow's request pages are the model): one
// sentence on where the request stands, who acts next and by when, then the correspondence
// in order. Pure: the loaded view, the rules and the reader's formats in, words out.

/** A date of this request as a list shows it: the local day only (no Hijri, no time). */
export type Day = (at: Date | string) => string;

export interface StoryInput {
  locale: Locale;
  view: RequestView;
  rules: Rules | undefined;
  agencyName: string;
  day: Day;
  /** Writes a text's digits as this page wants them. */
  digits: (text: string) => string;
}

type Event = RequestView['events'][number];
type Verifiable = Rules['unverified'][number];

/** A sentence that rests on a rule not yet checked against the law says so. */
function checked(input: StoryInput, sentence: string, field: Verifiable): string {
  return input.rules?.unverified.includes(field)
    ? `${sentence} ${t(input.locale, 'jurisdiction.unverified')}`
    : sentence;
}

const lastEvent = (view: RequestView, type: string): Event | undefined =>
  view.events.findLast((event) => event.type === type);

/** Who reads: the requester is addressed as "you"; everyone else reads of "the requester". */
const isRequester = (view: RequestView) => view.standing === 'requester';

/** The articles a decision rests on, in words ("Art. 13 (a) and Art. 17"). */
function articlesOf(input: StoryInput, grounds: readonly string[]): string {
  return grounds
    .map((article) => input.digits(articleLabel(input.locale, article)))
    .join(t(input.locale, 'list.separator'));
}

/** What the requester can still do: appeal to whom, until when (when the law gives a period). */
function appealSentence(input: StoryInput): string | null {
  const open = input.view.appealOpen;
  if (!open) return null;
  const who = isRequester(input.view) ? 'you' : 'requester';
  const body = open.body[input.locale];
  return checked(
    input,
    open.until
      ? t(input.locale, `story.appeal.${who}.until`, { body, until: input.day(open.until) })
      : t(input.locale, `story.appeal.${who}.open`, { body }),
    'appeals',
  );
}

/** Where the request stands while the agency owes an answer. */
function waitingSentence(input: StoryInput): string {
  const { locale, view, agencyName, day } = input;
  if (view.deemedRefused)
    return checked(
      input,
      t(locale, 'story.deemedRefused', { due: day(view.dueAt) }),
      'silenceIsRefusal',
    );
  if (view.overdue) return t(locale, 'story.overdue', { agency: agencyName, due: day(view.dueAt) });
  return t(locale, 'story.waiting', { agency: agencyName, due: day(view.dueAt) });
}

/** The answer in one sentence: its outcome, its day, and whether it came in time. */
function answerSentence(input: StoryInput): string {
  const { locale, view, day } = input;
  const answered = lastEvent(view, 'answered');
  const at = answered?.at ?? view.dueAt;
  const when = day(at);
  switch (view.outcome) {
    case 'refused':
      return view.legalGrounds.length > 0
        ? t(locale, 'story.refusedUnder', { when, articles: articlesOf(input, view.legalGrounds) })
        : t(locale, 'story.refused', { when });
    case 'partially_granted':
      return view.legalGrounds.length > 0
        ? t(locale, 'story.partlyUnder', { when, articles: articlesOf(input, view.legalGrounds) })
        : t(locale, 'story.partly', { when });
    case 'not_held':
      return t(locale, 'story.notHeld', { when, agency: input.agencyName });
    case 'transferred_out':
      return t(locale, 'story.transferredOut', { when });
    default: {
      const onTime = new Date(at).getTime() <= new Date(view.dueAt).getTime();
      return t(locale, onTime ? 'story.grantedOnTime' : 'story.grantedLate', { when });
    }
  }
}

/**
 * After a decision that leaves something withheld, where the requester can take it next (the
 * law's next stage: a court, a commission) and within what period, marked where unverified.
 */
function furtherAppeal(input: StoryInput, decision: string): string | null {
  if (decision === 'overturned') return null;
  const next = input.rules?.appeals[(input.view.appeal?.stage ?? 0) + 1];
  if (!next) return null;
  const who = isRequester(input.view) ? 'you' : 'requester';
  const body = next.body[input.locale];
  const sentence = next.file
    ? t(input.locale, `story.further.${who}.within`, {
        body,
        period: input.digits(periodWords(input.locale, next.file)),
      })
    : t(input.locale, `story.further.${who}.open`, { body });
  return checked(input, sentence, 'appeals');
}

/** The appeal body's name, from the rules the request runs under. */
function appealBody(input: StoryInput): string {
  const stage = input.view.appeal?.stage ?? 0;
  return input.rules?.appeals[stage]?.body[input.locale] ?? t(input.locale, 'story.appealBody');
}

/**
 * One sentence (or two) on where the request stands, who acts next and by when, in the
 * reader's language and as they are concerned ("you" for the requester).
 */
export function statusSentence(input: StoryInput): string {
  const { locale, view, day } = input;
  const sentences: (string | null)[] = [];
  switch (view.status) {
    case 'submitted':
    case 'acknowledged':
      sentences.push(waitingSentence(input));
      if (view.deemedRefused) sentences.push(appealSentence(input));
      break;
    case 'awaiting_clarification': {
      const asked = lastEvent(view, 'clarification_requested')?.at ?? view.receivedAt;
      const who = isRequester(view) ? 'you' : 'requester';
      sentences.push(
        t(locale, `story.clarify.${who}`, { agency: input.agencyName, when: day(asked) }),
      );
      sentences.push(
        checked(
          input,
          input.rules?.clarificationPausesClock
            ? t(locale, 'story.clarify.paused')
            : t(locale, 'story.clarify.running', { due: day(view.dueAt) }),
          'clarificationPausesClock',
        ),
      );
      break;
    }
    case 'answered':
      sentences.push(answerSentence(input), appealSentence(input));
      break;
    case 'appealed': {
      const appeal = view.appeal;
      const body = appealBody(input);
      const filed = day(appeal?.filedAt ?? view.dueAt);
      const yours = view.standing === 'appeal_body';
      sentences.push(
        appeal?.dueAt
          ? t(locale, yours ? 'story.appealed.yours' : 'story.appealed.by', {
              filed,
              body,
              due: day(appeal.dueAt),
            })
          : t(locale, yours ? 'story.appealed.yoursOpen' : 'story.appealed.open', { filed, body }),
      );
      break;
    }
    case 'appeal_decided': {
      const decision = view.appeal?.decision ?? 'upheld';
      const when = day(view.appeal?.decidedAt ?? view.dueAt);
      sentences.push(
        t(locale, 'story.decided', { when, body: appealBody(input) }),
        t(locale, `story.decision.${decision}`),
        furtherAppeal(input, decision),
      );
      break;
    }
    case 'withdrawn':
      sentences.push(
        t(locale, 'story.withdrawn', { when: day(lastEvent(view, 'withdrawn')?.at ?? view.dueAt) }),
      );
      break;
    case 'closed':
      sentences.push(
        t(locale, 'story.closed', { when: day(lastEvent(view, 'closed')?.at ?? view.dueAt) }),
      );
      break;
  }
  return sentences.filter((s): s is string => Boolean(s)).join(' ');
}

/** One message of the correspondence, as the page shows it. */
export interface Message {
  /** `request`, `message`, or the event that wrote it (`answered`, `appealed`…). */
  type: string;
  side: 'requester' | 'agency' | 'appeal_body';
  author: string;
  at: string;
  day: string;
  /** What kind of message it is ("Request", "Question", "Answer: refused"…). */
  kind: string;
  subject?: string | null;
  body: string | null;
  /** A line under the words (the articles a refusal rests on, a new due date…). */
  note?: string | null;
  /** The ids of the documents it carries (the answer: those of no message). */
  attachments?: readonly string[];
}

/** What an event says in the correspondence, and who says it; null for an event that is silent. */
function spokenBy(
  input: StoryInput,
  event: Event,
): Pick<Message, 'side' | 'kind' | 'body' | 'note' | 'attachments'> | null {
  const { locale, view, day } = input;
  const reason = detail(event, 'reason');
  switch (event.type) {
    case 'answered':
      return {
        side: 'agency',
        kind: t(locale, 'story.kind.answer', { outcome: label(locale, 'outcome', view.outcome) }),
        // The parties read the answer as written; everyone else its published words.
        body: reason ?? view.publishedAnswer ?? null,
        note:
          view.legalGrounds.length > 0
            ? t(locale, 'story.grounds', { articles: articlesOf(input, view.legalGrounds) })
            : null,
        attachments: answerDocuments(view),
      };
    case 'transferred':
    case 'closed':
      return { side: 'agency', kind: t(locale, `request.event.${event.type}`), body: reason };
    case 'extended':
      return {
        side: 'agency',
        kind: t(locale, 'request.event.extended'),
        body: reason,
        note:
          typeof event.details.dueAt === 'string'
            ? t(locale, 'story.newDue', { due: day(event.details.dueAt) })
            : null,
      };
    case 'appealed':
      return { side: 'requester', kind: t(locale, 'story.kind.appeal'), body: reason };
    case 'appeal_decided':
      return {
        side: 'appeal_body',
        kind: t(locale, 'story.kind.decision', {
          decision: label(locale, 'decision', view.appeal?.decision),
        }),
        body: reason,
        note:
          Array.isArray(event.details.legalGrounds) && event.details.legalGrounds.length > 0
            ? t(locale, 'story.grounds', {
                articles: articlesOf(input, event.details.legalGrounds.map(String)),
              })
            : null,
      };
    case 'withdrawn':
      return { side: 'requester', kind: t(locale, 'request.event.withdrawn'), body: null };
    default:
      return null;
  }
}

/** The documents of the answer: those the reader may see that no message carries. */
function answerDocuments(view: RequestView): string[] {
  const inMessages = new Set(view.messages.flatMap((message) => message.attachments));
  return view.documents.map((doc) => doc.id).filter((id) => !inMessages.has(id));
}

/** The requester as this reader may name them. */
function requesterName(locale: Locale, view: RequestView): string {
  if (!('masked' in view.requester)) return view.requester.name;
  return view.requester.displayName ?? t(locale, 'request.aCitizen');
}

const detail = (event: Event, key: string) => {
  const value = event.details[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
};

/**
 * The correspondence in order: the request, the agency's questions and messages, the
 * replies, the answer, an appeal and its decision, each with its author and day, as this
 * reader may see it (the loader already left out what they may not).
 */
export function conversation(input: StoryInput): Message[] {
  const { locale, view, day } = input;
  const requester = requesterName(locale, view);
  const at = (value: string) => ({ at: value, day: day(value) });
  const items: Message[] = [
    {
      type: 'request',
      side: 'requester',
      author: requester,
      ...at(view.receivedAt),
      kind: t(locale, 'story.kind.request'),
      subject: view.subject,
      body: view.body,
    },
  ];
  for (const message of view.messages)
    items.push({
      type: 'message',
      side: message.side,
      author: message.side === 'agency' ? input.agencyName : requester,
      ...at(message.at),
      kind: t(locale, `story.kind.message.${message.side}`),
      body: message.body,
      attachments: message.attachments,
    });
  const authorOf: Record<Message['side'], string> = {
    requester,
    agency: input.agencyName,
    appeal_body: appealBody(input),
  };
  for (const event of view.events) {
    const said = spokenBy(input, event);
    if (said)
      items.push({ type: event.type, author: authorOf[said.side], ...at(event.at), ...said });
  }
  // In the order they happened; the request itself first.
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) => new Date(a.item.at).getTime() - new Date(b.item.at).getTime() || a.index - b.index,
    )
    .map(({ item }) => item);
}

/**
 * What the next step needs in view (the reply box shows the question; the appeal form the
 * grounds it answers; the appeal body's form the appeal's reasons and its due date).
 */
export function nextStepContext(input: StoryInput) {
  const { locale, view, day } = input;
  const question =
    view.status === 'awaiting_clarification'
      ? view.messages.findLast((message) => message.side === 'agency')
      : undefined;
  const appealed = view.status === 'appealed' ? lastEvent(view, 'appealed') : undefined;
  return {
    question: question
      ? {
          intro: t(locale, 'story.theQuestion', {
            agency: input.agencyName,
            when: day(question.at),
          }),
          body: question.body,
        }
      : null,
    appealGrounds:
      view.appealOpen && view.legalGrounds.length > 0
        ? t(locale, 'story.appealGrounds', { articles: articlesOf(input, view.legalGrounds) })
        : null,
    appealWhere: appealSentence(input),
    appealReason: appealed
      ? {
          intro: t(locale, 'story.appealReason', { when: day(appealed.at) }),
          body: detail(appealed, 'reason'),
        }
      : null,
  };
}
