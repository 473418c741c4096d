import mongoose from 'mongoose';
import { agencyRedactionRules } from '../agencies/agency-directory.ts';
import { tokensWithAnswer } from '../redaction/answer-publication.ts';
import { refreshSnapshots } from './open-data-snapshots.ts';
import {
  publicTextOf,
  redactionContextOf,
  redactWith,
  type PublishableRequest,
} from '../redaction/public-text.ts';
import {
  REDACTION_RULES_VERSION,
  type AgencyRedactionRule,
  type RedactionContext,
} from '../redaction/redaction.ts';
import {
  countStalePublications,
  requestById,
  stalePublicationIds,
} from '../requests/request-reads.ts';
import { rewriteDerivedFields } from '../requests/request-store.ts';

/**
 * Publication made again under today's redaction rules (`npm run
 * publication:rebuild`, after an upgrade that raised REDACTION_RULES_VERSION):
 * every public request whose published words an older version made gets them
 * again from its own words; its published answer is redacted again around
 * what was already hidden (an officer's own hides stay hidden; what they
 * lifted may now be hidden, as the rules are stricter); search's tokens follow;
 * then every kept open-data snapshot is rewritten. Released text files are
 * redacted again on their next download (released-documents.ts); PDFs' and
 * images' public copies by `npm run documents:rebuild`. These are
 * derived fields, not a state change: no event, and the write is guarded by
 * the request's version (a request changed meanwhile is read again).
 */

const MARKER = /(⟦[a-z_]+⟧)/;

/** A published text redacted again: the stretches between its markers go through the rules. */
export function redactAgain(text: string, context: RedactionContext): string {
  const redact = redactWith(context);
  return text
    .split(MARKER)
    .map((part) => (MARKER.test(part) ? part : redact(part)))
    .join('');
}

type Stale = PublishableRequest & {
  _id: mongoose.Types.ObjectId;
  agency: string;
  version: number;
  publication?: {
    answer?: string | null;
    publishedAt?: Date | null;
    hiddenAt?: Date | null;
  } | null;
};

/** What a stale request's derived fields become under today's rules. */
function republished(request: Stale, agencyRules: readonly AgencyRedactionRule[]) {
  const { publicText } = publicTextOf(request, agencyRules);
  if (!publicText) return null;
  const answer = request.publication?.answer
    ? redactAgain(request.publication.answer, redactionContextOf(request, agencyRules))
    : null;
  const hidden = Boolean(request.publication?.hiddenAt);
  return {
    publicText,
    ...(request.publication ? { 'publication.answer': answer } : {}),
    // A request taken down stays out of search.
    ...(hidden
      ? { searchTokens: [], subjectTokens: [] }
      : tokensWithAnswer(publicText, request.publication?.publishedAt ? answer : null)),
  };
}

/**
 * Redacts every stale public request again, then rewrites the open-data
 * snapshots. `onProgress` hears how many of `total` are done.
 */
export async function rebuildPublication(options: {
  baseUrl: string;
  now: Date;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
}): Promise<{ requests: number; snapshotFiles: number }> {
  options.onStart?.(await countStalePublications(REDACTION_RULES_VERSION));
  const rulesOf = new Map<string, readonly AgencyRedactionRule[]>();
  let done = 0;
  // Each request is read again by id when written: the cursor never sees a write of ours.
  const ids = stalePublicationIds(REDACTION_RULES_VERSION);
  for await (const { _id } of ids) {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const request: Stale | null = await requestById(_id);
      if (!request || request.visibility !== 'public') break;
      let agencyRules = rulesOf.get(request.agency);
      if (!agencyRules) {
        agencyRules = await agencyRedactionRules(request.agency);
        rulesOf.set(request.agency, agencyRules);
      }
      const set = republished(request, agencyRules);
      if (!set) break;
      if (await rewriteDerivedFields(request, set)) break;
    }
    done += 1;
    options.onProgress?.(done);
  }
  const snapshotFiles = await refreshSnapshots(options.baseUrl, options.now);
  return { requests: done, snapshotFiles };
}
