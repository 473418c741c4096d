import type { Page } from 'playwright-core';

/**
 * What is too small to read or to touch on the page as it is now: text under
 * 14 px (a chart's labels under 12 px as its SVG is scaled), form controls under 40 px tall (file inputs too), and links and
 * buttons in tables and lists under 24 × 24 px (WCAG 2.2 target size; a link
 * inside a sentence is exempt, as WCAG exempts it). Hidden elements and the
 * visually hidden ones (for screen readers) are skipped.
 */
export async function sizeProblems(page: Page, step: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      for (let at: Element | null = el; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.display === 'none' || style.visibility === 'hidden') return false;
        if (at.classList.contains('visually-hidden') || at.classList.contains('skip-link'))
          return false;
      }
      return true;
    };
    const name = (el: Element) => {
      const text = el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40);
      const id = el.id ? `#${el.id}` : '';
      return `${el.tagName.toLowerCase()}${id} "${text}"`;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const small = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !(node.textContent ?? '').trim() || small.has(el)) continue;
      if (['SCRIPT', 'STYLE', 'TITLE', 'OPTION'].includes(el.tagName)) continue;
      // A chart's text is drawn in its SVG's units: read at the size the SVG is scaled to,
      // and held to the 12 px of a chart's labels.
      const svg = el.closest('svg');
      const scale = svg ? svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || 1) : 1;
      const size = Math.round(parseFloat(getComputedStyle(el).fontSize) * scale * 10) / 10;
      if (size < (svg ? 12 : 14) && shown(el)) {
        small.add(el);
        problems.push(`text ${String(size)}px: ${name(el)}`);
      }
    }
    for (const el of document.querySelectorAll(
      'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button',
    )) {
      if (!shown(el)) continue;
      const { height } = el.getBoundingClientRect();
      if (height < 40) problems.push(`control ${String(Math.round(height))}px tall: ${name(el)}`);
    }
    for (const el of document.querySelectorAll('td a, th a, li > a, li > button, td button')) {
      if (!shown(el)) continue;
      // A link inside a sentence (other words beside it in its cell or item) is exempt.
      const holder = el.parentElement;
      const alone = (holder?.textContent ?? '').trim() === el.textContent.trim();
      if (!alone) continue;
      const { width, height } = el.getBoundingClientRect();
      if (width < 24 || height < 24)
        problems.push(
          `target ${String(Math.round(width))}×${String(Math.round(height))}px: ${name(el)}`,
        );
    }
    // On a desktop, a wide table keeps its last columns in view (no sideways scroll).
    if (window.innerWidth >= 1280)
      for (const region of document.querySelectorAll('.table-scroll')) {
        if (shown(region) && region.scrollWidth > region.clientWidth + 1)
          problems.push(
            `table wider than its region (${String(region.scrollWidth)} > ${String(region.clientWidth)} px): ${name(region.querySelector('caption') ?? region)}`,
          );
      }
    return problems;
  });
  return found.slice(0, 12).map((problem) => `${step}: ${problem}`);
}

/**
 * The page's text nodes that match `pattern`, outside elements matching
 * `exempt` (and, with `skipIsolated`, outside fragments isolated inside a
 * sentence: FSI/LRI … PDI), each described as `what` with its words.
 */
async function textProblems(
  page: Page,
  step: string,
  check: { pattern: string; exempt: string; skipIsolated: boolean; what: string },
): Promise<string[]> {
  const found = await page.evaluate(({ pattern, exempt, skipIsolated, what }) => {
    const test = new RegExp(pattern, 'u');
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const whole = node.textContent ?? '';
      const text = skipIsolated ? whole.replace(/[\u2066-\u2068][^\u2069]*\u2069/g, '') : whole;
      const el = node.parentElement;
      if (!el || !test.test(text) || el.closest(exempt)) continue;
      problems.push(
        `${what} in "${text.trim().replace(/\s+/g, ' ').slice(0, 60)}" (${el.tagName.toLowerCase()})`,
      );
    }
    return problems;
  }, check);
  return found.slice(0, 12).map((problem) => `${step}: ${problem}`);
}

/**
 * Digits not written as the reader chose: on an Arabic page whose reader chose
 * Arabic-Indic digits, any Latin digit outside what is written left to right on
 * purpose (refs, codes, addresses, typed values: `dir="auto"`, and fragments
 * isolated inside a sentence) was not written by the country's formatter
 * (country-format.ts).
 */
export function digitProblems(page: Page, step: string): Promise<string[]> {
  return textProblems(page, step, {
    pattern: '[0-9]',
    exempt:
      '[dir="ltr"], [dir="auto"], bdi, code, pre, script, style, textarea, [data-digits-sample]',
    skipIsolated: true,
    what: 'Latin digits',
  });
}

/** The Gregorian months as Egypt and the Gulf name them, never as Jordan, Syria or Iraq do. */
const TRANSLITERATED_MONTHS = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'مايو',
  'يونيو',
  'يوليو',
  'أغسطس',
  'سبتمبر',
  'أكتوبر',
  'نوفمبر',
  'ديسمبر',
];

/**
 * Dates not written by a Jordanian page's formatter: on an Arabic page about
 * Jordan, a month named as Egypt names it ("6 ديسمبر 2026") was written by
 * something other than the country's voice, which says "كانون الأول".
 * Words people typed (dir="auto") are theirs and skipped.
 */
export function levantineMonthProblems(page: Page, step: string): Promise<string[]> {
  return textProblems(page, step, {
    pattern: `(?<![\\u0600-\\u06FF])(${TRANSLITERATED_MONTHS.join('|')})(?![\\u0600-\\u06FF])`,
    exempt: '[dir="auto"], textarea, script, style',
    skipIsolated: false,
    what: 'a month not named as Jordan names it',
  });
}
