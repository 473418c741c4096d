import { documentTokens } from '../search/search-text.ts';
import {
  applyRedactions,
  findRedactions,
  type AgencyRedactionRule,
  type RedactionContext,
} from './redaction.ts';

/** The words of a request anyone may read, and what search finds it by. */
export interface PublicText {
  publicText: { subject: string; body: string } | null;
  searchTokens: string[];
  subjectTokens: string[];
}

/**
 * A request's public face (DESIGN §7): a public request's subject and text
 * with the redaction rules applied (the requester's own name and contacts, and
 * every personal pattern of its country and agency), and search tokens taken
 * from that redacted text only. A private request has none: it is never
 * published and never found.
 */
export function publicTextOf(
  request: {
    jurisdiction: string;
    visibility: 'public' | 'private';
    subject: string;
    body: string;
    requester?: { name?: string | null; email?: string | null } | null;
  },
  agencyRules: readonly AgencyRedactionRule[] = [],
): PublicText {
  if (request.visibility !== 'public')
    return { publicText: null, searchTokens: [], subjectTokens: [] };
  const context: RedactionContext = {
    jurisdiction: request.jurisdiction,
    requester: { name: request.requester?.name ?? null, email: request.requester?.email ?? null },
    agencyRules,
  };
  const redact = (text: string) => applyRedactions(text, findRedactions(text, context));
  const subject = redact(request.subject);
  const body = redact(request.body);
  return {
    publicText: { subject, body },
    searchTokens: documentTokens(`${subject} ${body}`),
    subjectTokens: documentTokens(subject),
  };
}
