import { normaliseText } from './text-normalise.ts';

/**
 * What search stores and asks (pure). A document's words are normalised as
 * the agency suggestions are (text-normalise.ts), and each Arabic word that
 * starts with a clitic (و ب ل ف ك) is stored with and without it, so that
 * "بالموازنة", "والموازنة" and "الموازنة" all meet "موازنة".
 */

const CLITICS = 'وبلفك';
/** Tokens a document stores at most (the multikey index grows with them). */
const MAX_TOKENS = 400;

/** A normalised word and, for an Arabic word with a leading clitic, the word without it. */
export function wordVariants(word: string): string[] {
  const first = word[0] ?? '';
  return CLITICS.includes(first) && word.length > 3 ? [word, word.slice(1)] : [word];
}

/** The distinct tokens a text is found by. */
export function documentTokens(text: string): string[] {
  return [...new Set(normaliseText(text).flatMap(wordVariants))].slice(0, MAX_TOKENS);
}

/** What a query asks: each word with its variants, and the last word as a prefix while typing. */
export interface SearchQueryWords {
  words: string[][];
  /** The last word as typed so far (normalised), matched as a prefix; null when the query ends in a space. */
  prefix: string | null;
}

export function queryWords(q: string): SearchQueryWords {
  const words = [...new Set(normaliseText(q))].slice(0, 12);
  const typing = !/\s$/.test(q) && words.length > 0;
  const last = typing ? words.at(-1) : undefined;
  return {
    words: words.map(wordVariants),
    prefix: last && last.length >= 2 ? last : null,
  };
}

/** A piece of a snippet: plain text, or a matched word to highlight. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * About `size` characters of `text` around its first matched word, with every
 * matched word marked; the start of the text when nothing matches. Words are
 * compared in their normal form, so "الموازنة" is marked for "موازنه".
 */
export function snippet(text: string, query: SearchQueryWords, size = 200): SnippetPart[] {
  const wanted = new Set(query.words.flat());
  const isHit = (word: string) => {
    const normal = normaliseText(word)[0];
    if (!normal) return false;
    if (wordVariants(normal).some((v) => wanted.has(v))) return true;
    return query.prefix !== null && normal.startsWith(query.prefix);
  };
  const pieces = text.split(/([\p{L}\p{N}\p{M}]+)/u);
  let offset = 0;
  let first = -1;
  const words: { at: number; piece: string; hit: boolean }[] = pieces.map((piece, index) => {
    const hit = index % 2 === 1 && isHit(piece);
    if (hit && first === -1) first = offset;
    const entry = { at: offset, piece, hit };
    offset += piece.length;
    return entry;
  });
  const start = first <= size / 3 ? 0 : first - Math.floor(size / 3);
  const end = start + size;
  const parts: SnippetPart[] = [];
  for (const { at, piece, hit } of words) {
    if (at + piece.length <= start || at >= end) continue;
    const last = parts.at(-1);
    if (last && last.mark === hit && !hit) last.text += piece;
    else parts.push({ text: piece, mark: hit });
  }
  if (start > 0) parts.unshift({ text: '… ', mark: false });
  if (end < text.length) parts.push({ text: ' …', mark: false });
  return parts;
}
