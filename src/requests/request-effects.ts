import { Types } from 'mongoose';
import { ValidationError } from '../errors.ts';
import type { Rules } from '../jurisdictions/jurisdiction-schema.ts';
import { appealDecisionDeadline, transferDeadlines } from '../jurisdictions/stage-deadlines.ts';
import type { WorkingCalendar } from '../jurisdictions/working-calendar.ts';
import { answerRedactions, tokensWithAnswer } from '../redaction/answer-publication.ts';
import { freshPublicText, redactionContextOf } from '../redaction/public-text.ts';
import type { AgencyRedactionRule } from '../redaction/redaction.ts';
import type { ActionBodies } from './request-action-bodies.ts';
import { requestDeadline, type DeadlineInputs } from './request-deadline.ts';
import type { Action, AppealGround } from './request-lifecycle.ts';
import type { StoredRequest } from './stored-request.ts';

/** Everything an action's effect may read; the effect itself does no I/O. */
export interface EffectContext {
  request: StoredRequest;
  rules: Rules;
  calendar: WorkingCalendar;
  /** The acting user (null: the system) and the side they act for. */
  author: Types.ObjectId | null;
  side: 'requester' | 'agency';
  now: Date;
  /** The seq the event will get. */
  seq: number;
  appealGround: AppealGround | null;
  /** The handling agency's own redaction patterns, applied with the rules before publication. */
  agencyRules?: readonly AgencyRedactionRule[];
}

/** What an event sets on the snapshot, the item it appends, and what else it records. */
export interface Effect {
  set: Record<string, unknown>;
  /** One correspondence item to append to `messages` (`$push`), never the whole list. */
  push?: { messages: ReturnType<typeof messageItem> };
  data: Record<string, unknown>;
}

type EffectOf<A extends Action> = (context: EffectContext, input: ActionBodies[A]) => Effect;

const dueAfter = (context: EffectContext, inputs: Partial<DeadlineInputs>) => {
  const deadline = requestDeadline(
    { ...context.request, ...inputs },
    context.rules,
    context.calendar,
  );
  if (!deadline) throw new Error(`no deadline for ${context.request.ref}`);
  return deadline.dueAt;
};

// The item's `_id` is chosen here and stored with the event, so a replay appends the same item.
const messageItem = (context: EffectContext, body: string, attachments: readonly string[]) => ({
  _id: new Types.ObjectId(),
  at: context.now,
  author: context.author,
  side: context.side,
  body,
  attachments: attachments.map((id) => new Types.ObjectId(id)),
});

/**
 * What an answer must hold under the law: a refusal or a partial answer names
 * the articles it rests on, each one of the law's exemptions, and its reasons.
 * The preview asks it too, so a problem shows before the answer is sent.
 */
export function checkAnswer(rules: Rules, answer: ActionBodies['answer']): void {
  const needsGrounds = answer.outcome === 'refused' || answer.outcome === 'partially_granted';
  const articles = new Set(rules.exemptions.map((e) => e.article));
  if (needsGrounds && answer.legalGrounds.length === 0)
    throw new ValidationError({ legalGrounds: 'validation.legalGrounds' });
  if (answer.legalGrounds.some((ground) => !articles.has(ground)))
    throw new ValidationError({ legalGrounds: 'validation.legalGrounds' });
  if (needsGrounds && !answer.reason) throw new ValidationError({ reason: 'validation.reason' });
}

/**
 * The articles an appeal decision relies on: each one of the law's
 * exemptions, and at least one where a refusal stands, in whole or in part
 * (an appeal against a refusal or a partial answer, upheld or partly
 * overturned). The annual report counts them beside the first decisions'.
 */
function checkAppealGrounds(context: EffectContext, body: ActionBodies['decide-appeal']): string[] {
  const articles = new Set(context.rules.exemptions.map((e) => e.article));
  const refusalStands =
    body.decision !== 'overturned' && context.request.appeal?.ground !== 'silence';
  if (body.legalGrounds.some((ground) => !articles.has(ground)))
    throw new ValidationError({ legalGrounds: 'validation.legalGrounds' });
  if (refusalStands && articles.size > 0 && body.legalGrounds.length === 0)
    throw new ValidationError({ legalGrounds: 'validation.appealGrounds' });
  return [...new Set(body.legalGrounds)];
}

/**
 * A public request's answer as published (DESIGN §7): its text with the
 * redaction rules applied, less what the officer lifted, plus what they hid;
 * the search tokens then hold the answer's published words. Null when the
 * request is private, or the officer chose not to publish.
 */
function publishedAnswer(context: EffectContext, answer: ActionBodies['answer']) {
  const { request, now } = context;
  if (request.visibility !== 'public' || !answer.publish) return null;
  const publicText = freshPublicText(request, context.agencyRules ?? []);
  if (!publicText) return null;
  const { applied, published } = answerRedactions(
    answer.reason ?? '',
    redactionContextOf(request, context.agencyRules ?? []),
    { unhide: answer.unhide, hide: answer.hide },
  );
  const text = answer.reason ? published : null;
  return {
    count: applied.length,
    set: {
      publication: {
        answer: text,
        redactions: applied.map(({ kind, rule }) => ({ kind, rule })),
        publishedAt: now,
        hiddenAt: null,
        hiddenReason: null,
        reviewDocuments: answer.reviewDocuments,
      },
      // The words as today's rules publish them, and search's tokens of them and the answer.
      publicText,
      ...tokensWithAnswer(publicText, text),
    },
  };
}

/**
 * The snapshot fields each lifecycle action sets (beside `status`, which the
 * table gives), computed from the request, its rules and the calendar alone.
 */
const EFFECTS: { [A in Action]: EffectOf<A> } = {
  acknowledge: ({ now }) => ({ set: { acknowledgedAt: now }, data: {} }),
  assign: (_context, { assignee }) => ({
    set: { assignee: assignee ? new Types.ObjectId(assignee) : null },
    data: { assignee },
  }),
  clarify: (context, { question }) => ({
    set: {
      // The clock stops where the law says so; the pause ends with the requester's reply.
      ...(context.rules.clarificationPausesClock
        ? { pauses: [...context.request.pauses, { from: context.now, to: null }] }
        : {}),
    },
    push: { messages: messageItem(context, question, []) },
    data: { question },
  }),
  reply: (context, { message, attachments }) => {
    const pauses = context.request.pauses.map((pause) =>
      pause.to ? pause : { from: pause.from, to: context.now },
    );
    const dueAt = dueAfter(context, { pauses });
    return {
      set: { pauses, dueAt },
      push: { messages: messageItem(context, message, attachments) },
      data: { previousDueAt: context.request.dueAt, dueAt },
    };
  },
  message: (context, { message, attachments }) => ({
    set: {},
    push: { messages: messageItem(context, message, attachments) },
    data: { side: context.side },
  }),
  note: (_context, { note }) => ({ set: {}, data: { note } }),
  extend: (context, { reason }) => {
    const extensionCount = context.request.extensionCount + 1;
    const dueAt = dueAfter(context, { extensionCount });
    return {
      set: { extensionCount, dueAt },
      data: { reason, previousDueAt: context.request.dueAt, dueAt },
    };
  },
  transfer: (context, { agency, reason }) => {
    const { request, rules, calendar, now } = context;
    const stages = transferDeadlines(rules, calendar, request.receivedAt, now);
    // Where the law restarts the clock, the new agency gets the full period from the transfer.
    const restart = stages?.restartedDue !== undefined;
    const dueAt = restart
      ? dueAfter(context, { clockStartedAt: now, extensionCount: 0 })
      : request.dueAt;
    const transferBy = stages?.transferBy?.dueAt ?? null;
    return {
      set: {
        agency,
        assignee: null,
        acknowledgedAt: null,
        dueAt,
        ...(restart ? { clockStartedAt: now, extensionCount: 0 } : {}),
        transfers: [
          ...request.transfers,
          { from: request.agency, to: agency, at: now, seq: context.seq },
        ],
      },
      data: {
        reason,
        fromAgency: request.agency,
        toAgency: agency,
        previousDueAt: request.dueAt,
        dueAt,
        clockRestarted: restart,
        transferBy,
        transferredLate: transferBy !== null && now.getTime() > transferBy.getTime(),
      },
    };
  },
  answer: (context, answer) => {
    checkAnswer(context.rules, answer);
    const published = publishedAnswer(context, answer);
    return {
      set: {
        outcome: answer.outcome,
        legalGrounds: answer.legalGrounds,
        answeredAt: context.now,
        attachments: [
          ...context.request.attachments,
          ...answer.attachments.map((id) => new Types.ObjectId(id)),
        ],
        ...published?.set,
      },
      data: {
        outcome: answer.outcome,
        legalGrounds: answer.legalGrounds,
        reason: answer.reason ?? null,
        onTime: context.now.getTime() <= context.request.dueAt.getTime(),
        // Whether it was published, and how many stretches were hidden (never which words).
        published: published !== null,
        redactions: published?.count ?? 0,
      },
    };
  },
  unpublish: ({ request, now }, { reason }) => {
    if (request.visibility !== 'public' || request.publication?.hiddenAt)
      throw new ValidationError({ reason: 'validation.notPublished' });
    return {
      set: {
        publication: {
          answer: request.publication?.answer ?? null,
          redactions: request.publication?.redactions ?? [],
          publishedAt: request.publication?.publishedAt ?? null,
          hiddenAt: now,
          hiddenReason: reason,
          reviewDocuments: request.publication?.reviewDocuments ?? false,
        },
        // Out of search at once.
        searchTokens: [],
        subjectTokens: [],
      },
      data: { reason },
    };
  },
  withdraw: ({ now }) => ({ set: { closedAt: now }, data: {} }),
  appeal: (context, { reason }) => {
    const { rules, calendar, now } = context;
    const stage = 0;
    const decideBy = appealDecisionDeadline(rules, calendar, stage, now)?.dueAt ?? null;
    return {
      set: {
        appeal: {
          stage,
          ground: context.appealGround,
          body: rules.appeals[stage]?.agency ?? null,
          filedAt: now,
          dueAt: decideBy,
          decision: null,
          decidedAt: null,
        },
      },
      data: { reason, ground: context.appealGround, dueAt: decideBy },
    };
  },
  'decide-appeal': (context, decision) => ({
    set: {
      appeal: {
        ...context.request.appeal,
        decision: decision.decision,
        legalGrounds: checkAppealGrounds(context, decision),
        decidedAt: context.now,
      },
    },
    data: {
      decision: decision.decision,
      legalGrounds: decision.legalGrounds,
      reason: decision.reason,
      onTime:
        !context.request.appeal?.dueAt ||
        context.now.getTime() <= context.request.appeal.dueAt.getTime(),
    },
  }),
  close: ({ now }, { reason }) => ({ set: { closedAt: now }, data: { reason: reason ?? null } }),
};

export function effectOf<A extends Action>(
  action: A,
  context: EffectContext,
  input: ActionBodies[A],
): Effect {
  return EFFECTS[action](context, input);
}
