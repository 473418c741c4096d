import { matchesWord, normaliseText } from '../text/text-normalise.ts';

export interface SuggestibleAgency {
  code: string;
  keywords?: { ar: readonly string[]; en: readonly string[] } | null;
}

/** How well a request's text matches one agency: how many of its keywords the text holds. */
export function agencyScore(textWords: readonly string[], agency: SuggestibleAgency): number {
  let score = 0;
  for (const keyword of [...(agency.keywords?.ar ?? []), ...(agency.keywords?.en ?? [])]) {
    // A keyword of several words matches when every one of them is in the text.
    const parts = normaliseText(keyword);
    if (parts.length > 0 && parts.every((part) => textWords.some((w) => matchesWord(w, part))))
      score += 1;
  }
  return score;
}

/**
 * Agencies ranked by how well the request's text matches their keywords (DESIGN
 * §5), best first, ties by code; agencies that match nothing are left out.
 */
export function suggestAgencies<A extends SuggestibleAgency>(
  text: string,
  agencies: readonly A[],
  limit = 5,
): { agency: A; score: number }[] {
  const words = normaliseText(text);
  return agencies
    .map((agency) => ({ agency, score: agencyScore(words, agency) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.agency.code.localeCompare(b.agency.code))
    .slice(0, limit);
}
