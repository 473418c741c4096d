import { documentTokens } from '../text/search-text.ts';
import {
  applyRedactions,
  findRedactions,
  REDACTION_RULES_VERSION,
  type AgencyRedactionRule,
  type RedactionContext,
} from './redaction.ts';

/** The requester's words anyone may read, redacted (⟦kind⟧ markers), and the rules that made them. */
export interface PublishedWords {
  subject: string;
  body: string;
  /** Why the requester asked for the urgent track; null when they did not. */
  urgentReason: string | null;
  /** The name they chose to be shown by; null ("a citizen") when none, or when it held personal data. */
  displayName: string | null;
  /** The version of the rules (REDACTION_RULES_VERSION) that redacted them. */
  rules: string;
}

/** The words of a request anyone may read, and what search finds it by. */
export interface PublicText {
  publicText: PublishedWords | null;
  searchTokens: string[];
  subjectTokens: string[];
}

/** What publication reads of a request. */
export interface PublishableRequest {
  jurisdiction: string;
  visibility: 'public' | 'private';
  subject: string;
  body: string;
  urgentReason?: string | null;
  requester?: {
    name?: string | null;
    email?: string | null;
    displayName?: string | null;
  } | null;
}

/** The redaction context of a request: its country's rules, its requester, its agency's patterns. */
export function redactionContextOf(
  request: Pick<PublishableRequest, 'jurisdiction' | 'requester'>,
  // Required: every public text goes through its agency's patterns too.
  agencyRules: readonly AgencyRedactionRule[],
): RedactionContext {
  return {
    jurisdiction: request.jurisdiction,
    requester: { name: request.requester?.name ?? null, email: request.requester?.email ?? null },
    agencyRules,
  };
}

/** `text` with every stretch the rules find in it hidden. */
export const redactWith = (context: RedactionContext) => (text: string) =>
  applyRedactions(text, findRedactions(text, context));

/**
 * A request's public face (DESIGN §7): a public request's every free text of
 * the requester (subject, text, the urgent track's reason, the name shown)
 * with the redaction rules applied (the requester's own name and contacts,
 * and every personal pattern of its country and agency), and search tokens
 * taken from the redacted subject and text only. A display name that held
 * anything the rules hide is not shown at all. A private request has none:
 * it is never published and never found.
 */
export function publicTextOf(
  request: PublishableRequest,
  agencyRules: readonly AgencyRedactionRule[] = [],
): PublicText {
  if (request.visibility !== 'public')
    return { publicText: null, searchTokens: [], subjectTokens: [] };
  const context = redactionContextOf(request, agencyRules);
  const redact = redactWith(context);
  const subject = redact(request.subject);
  const body = redact(request.body);
  const chosen = request.requester?.displayName?.trim() ?? '';
  const displayName = chosen && findRedactions(chosen, context).length === 0 ? chosen : null;
  return {
    publicText: {
      subject,
      body,
      urgentReason: request.urgentReason ? redact(request.urgentReason) : null,
      displayName,
      rules: REDACTION_RULES_VERSION,
    },
    searchTokens: documentTokens(`${subject} ${body}`),
    subjectTokens: documentTokens(subject),
  };
}

type StoredRequestWords = PublishableRequest & {
  agency: string;
  publicText?: { [K in keyof PublishedWords]?: PublishedWords[K] | null } | null;
};

/** The stored published words when today's rules made them; null when they must be made again. */
function storedIfCurrent(request: StoredRequestWords): PublishedWords | null {
  const stored = request.publicText;
  if (request.visibility !== 'public' || stored?.rules !== REDACTION_RULES_VERSION) return null;
  return {
    subject: stored.subject ?? '',
    body: stored.body ?? '',
    urgentReason: stored.urgentReason ?? null,
    displayName: stored.displayName ?? null,
    rules: stored.rules,
  };
}

/**
 * A public request's published words under today's rules: the stored ones
 * when the rules that made them are today's, else made again from the
 * request with its agency's patterns (until `npm run publication:rebuild`
 * stores them). Null for a private request.
 */
export function freshPublicText(
  request: StoredRequestWords,
  agencyRules: readonly AgencyRedactionRule[],
): PublishedWords | null {
  return storedIfCurrent(request) ?? publicTextOf(request, agencyRules).publicText;
}

/** freshPublicText, reading the agency's patterns only when the words must be made again. */
export async function currentPublicText(
  request: StoredRequestWords,
  agencyRules: (agency: string) => Promise<readonly AgencyRedactionRule[]>,
): Promise<PublishedWords | null> {
  if (request.visibility !== 'public') return null;
  return (
    storedIfCurrent(request) ?? publicTextOf(request, await agencyRules(request.agency)).publicText
  );
}
