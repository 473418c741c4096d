import { t, type Locale, label } from '../../i18n/i18n.ts';
import { formatBytes } from '../../i18n/number-format.ts';
import { articleLabel } from '../../jurisdictions/article-label.ts';
import { plainPublished } from '../../redaction/redaction.ts';
import type { Rules } from '../../jurisdictions/jurisdiction-schema.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { ACTIONS, decide, type Action } from '../../requests/request-lifecycle.ts';
import { actingSide, toPolicyRequest } from '../../requests/request-policy.ts';
import { OPEN_STATUSES, type RequestStatus } from '../../requests/request-states.ts';
import type { RequestView } from './request-page-loader.ts';
import { conversation, nextStepContext, statusSentence, type Day } from './request-story.ts';

/** How a page shows an instant of this request: in its jurisdiction's zone and the reader's language. */
export type When = (at: Date | string) => string;

/**
 * The forms `user` may use on a request now: the side they act for (the request
 * policy), and the lifecycle table's verdict. An appeal follows the law's grounds
 * (`view.appealable`) rather than the table alone.
 */
export function offeredActions(
  user: SessionUser | undefined,
  request: Parameters<typeof toPolicyRequest>[0] & {
    status: RequestStatus;
    extensionCount: number;
    publication?: { hiddenAt?: Date | null } | null;
  },
  appealable: boolean,
  rules: Rules | undefined,
): Action[] {
  const policy = toPolicyRequest(request);
  return ACTIONS.filter((action) => {
    if (!actingSide(user, policy, action)) return false;
    if (action === 'appeal') return appealable;
    // Only what is published can be taken down, once.
    if (action === 'unpublish')
      return (
        request.visibility === 'public' &&
        !request.publication?.hiddenAt &&
        decide(action, request.status, { extensionCount: 0, maxExtensions: 0 }).allowed
      );
    return decide(action, request.status, {
      extensionCount: request.extensionCount,
      maxExtensions: rules?.extension?.maxCount ?? 0,
    }).allowed;
  });
}

/**
 * The step a request waits for from this reader, in the order the lifecycle
 * asks for it: the first of these on offer is the page's primary action; every
 * other offered form sits in the secondary group.
 */
const NEXT_STEPS: readonly Action[] = ['decide-appeal', 'reply', 'acknowledge', 'answer', 'appeal'];

/** The primary action (or null) and the other offered actions, in the table's order. */
export function arrangeActions(offered: readonly Action[]) {
  const next = NEXT_STEPS.find((action) => offered.includes(action)) ?? null;
  return { next, others: offered.filter((action) => action !== next) };
}

/** Event details a page shows, in this order of preference. */
const SHOWN_DETAILS = ['reason', 'question', 'note', 'outcome', 'decision', 'toAgency', 'dueAt'];

type Event = RequestView['events'][number];

function eventDetails(locale: Locale, event: Event, when: When, agencyNames: Map<string, string>) {
  return Object.entries(event.details)
    .filter(([key]) => SHOWN_DETAILS.includes(key))
    .map(([key, value]) => ({
      // At filing, the due date is the first one, not a new one.
      label: t(
        locale,
        event.type === 'submitted' && key === 'dueAt' ? 'request.due' : `request.detail.${key}`,
      ),
      value: detailValue(locale, key, value, when, agencyNames),
    }));
}

function detailValue(
  locale: Locale,
  key: string,
  value: unknown,
  when: When,
  agencyNames: Map<string, string>,
): string {
  if (key === 'dueAt' && typeof value === 'string') return when(value);
  if (key === 'outcome' || key === 'decision') return label(locale, key, String(value));
  if (key === 'toAgency') return agencyNames.get(String(value)) ?? String(value);
  return String(value);
}

/** The banner after a redirect: what the action did, in words, for a known action only. */
function doneBanner(locale: Locale, done: unknown) {
  return typeof done === 'string' && [...ACTIONS, 'copyPublished'].includes(done)
    ? t(locale, `action.done.${done}`)
    : null;
}

export interface RequestPageInput {
  locale: Locale;
  view: RequestView;
  rules: Rules | undefined;
  offered: readonly Action[];
  /** Active agencies of the request's jurisdiction, code → name in `locale`. */
  agencyNames: Map<string, string>;
  /** The names of the people mails were sent to, by user id. */
  recipientNames: Map<string, string>;
  /** The agency's staff, for the assign form (agency side only). */
  officers: readonly { id: string; name: string }[];
  when: When;
  /** A date as lists and the story show it: the local day only. */
  day: Day;
  /** Writes a text's digits as this page wants them (Arabic-Indic or Latin). */
  digits: (text: string) => string;
  /** Days left in words while the clock runs ("in 3 days"), else null. */
  dueIn: string | null;
  query: { done?: unknown };
  /** The action whose form was sent back with an error, if any. */
  failed?: Action | undefined;
  /**
   * Steps of the released documents' public copies (document-copy-view.ts), already in
   * the reader's words: shown in the history among the request's events, by time.
   */
  copyHistory?: readonly HistoryEntry[];
}

/** A line of the request's history: what happened, when, and its details. */
export interface HistoryEntry {
  at: Date;
  type: string;
  details: { label: string; value: string }[];
}

/** The forms as the page lays them out; the group opens when its form failed. */
function actionGroups(offered: readonly Action[], failed: Action | undefined) {
  const { next, others } = arrangeActions(offered);
  return {
    nextAction: next,
    otherActions: others,
    othersOpen: failed !== undefined && others.includes(failed),
  };
}

/** The request page's view model: labels, dates and forms in the reader's language. Pure. */
export function requestPageView(input: RequestPageInput) {
  const { locale, view, rules, when, agencyNames } = input;
  const agencyName = agencyNames.get(view.agency) ?? view.agency;
  const story = { locale, view, rules, agencyName, day: input.day, digits: input.digits };
  // Each document the reader may download, with its size in words; the messages carry them.
  const documents = view.documents.map((d) => ({
    ...d,
    url: `/requests/${view.ref}/documents/${d.id}`,
    sizeLabel: input.digits(formatBytes(locale, d.size)),
  }));
  // The page's title names the request; a text withheld leaves its ref alone.
  const titleText = view.subject ? `${view.ref} · ${plainPublished(view.subject)}` : view.ref;
  // A page anyone may read is shared with its canonical address and a card (Open Graph).
  const og =
    view.visibility === 'public' && !view.takenDown && view.subject
      ? {
          path: `/requests/${view.ref}`,
          title: titleText,
          description: plainPublished(view.body ?? '').slice(0, 200),
        }
      : null;
  return {
    r: view,
    titleText,
    agencyName,
    summary: input.digits(statusSentence(story)),
    context: nextStepContext(story),
    conversation: conversation(story).map((message) => ({
      ...message,
      day: input.digits(message.day),
      documents: (message.attachments ?? []).flatMap((id) => documents.filter((d) => d.id === id)),
      // What the public may read of the released documents goes with the answer.
      released: message.type === 'answered' ? view.publicDocuments : [],
    })),
    // A finished request leads with what happened, not with a due date.
    running: (OPEN_STATUSES as readonly RequestStatus[]).includes(view.status),
    statusLabel: label(locale, 'status', view.status),
    outcomeLabel: label(locale, 'outcome', view.outcome),
    decisionLabel: label(locale, 'decision', view.appeal?.decision),
    received: when(view.receivedAt),
    due: when(view.dueAt),
    dueDay: input.day(view.dueAt),
    dueIn: input.dueIn === null ? null : input.digits(input.dueIn),
    appealDue: view.appeal?.dueAt ? when(view.appeal.dueAt) : null,
    explanation: view.explanation?.[locale] ?? null,
    // A short list: received, counting, days skipped, later steps, due; unverified points last.
    explanationSteps: (view.explanationSteps?.[locale] ?? []).map(input.digits),
    requester: 'masked' in view.requester ? null : view.requester,
    publicName: 'masked' in view.requester ? view.requester.displayName : null,
    // The request's events and its public copies' steps, in the order they happened.
    events: [
      ...view.events.map((event) => ({
        time: new Date(event.at).getTime(),
        type: label(locale, 'event', event.type),
        at: when(event.at),
        details: eventDetails(locale, event, when, agencyNames),
      })),
      ...(input.copyHistory ?? []).map((entry) => ({
        time: entry.at.getTime(),
        type: entry.type,
        at: when(entry.at.toISOString()),
        details: entry.details,
      })),
    ].sort((a, b) => a.time - b.time),
    notifications: view.notifications.map((n) => ({
      label: t(locale, `request.mailKind.${n.kind}`),
      to:
        (n.recipient ? input.recipientNames.get(n.recipient) : undefined) ??
        t(locale, 'request.mailToRequester'),
      at: when(n.at),
    })),
    documents,
    can: Object.fromEntries(input.offered.map((action) => [action.replace('-', '_'), true])),
    ...actionGroups(input.offered, input.failed),
    officers: input.officers,
    transferTargets: [...agencyNames]
      .filter(([code]) => code !== view.agency)
      .map(([code, name]) => ({ code, name })),
    // A refusal's articles with their text from the law, and who hears an appeal until when.
    refusalGrounds: view.legalGrounds.map((article) => ({
      article,
      label: input.digits(articleLabel(locale, article)),
      text: rules?.exemptions.find((e) => e.article === article)?.text[locale] ?? null,
    })),
    exemptions: (rules?.exemptions ?? []).map((e) => ({
      article: e.article,
      label: input.digits(articleLabel(locale, e.article)),
      text: e.text[locale],
    })),
    og,
    // Following by e-mail is for visitors: the parties hear of every step already.
    followable: og !== null && view.standing === 'public',
    takenDown: view.takenDown
      ? { at: when(view.takenDown.at), reason: view.takenDown.reason }
      : null,
    publicDocuments: view.publicDocuments,
    done: doneBanner(locale, input.query.done),
  };
}
