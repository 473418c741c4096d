import { t, type Locale } from '../../i18n/i18n.ts';
import type { CountryFormat } from '../../jurisdictions/country-format.ts';
import type { PublicCopyRecord } from '../../public-copies/public-copy-store.ts';
import type { CopyState } from '../../publication/copy-states.ts';
import type { HistoryEntry } from './request-page-view.ts';

const fixed = (value: number) => value.toFixed(1);

/**
 * The review page of a public copy (pure): each page's preview with its boxes
 * numbered (an SVG over the image: the page's CSP forbids style attributes),
 * each box with what it hides and a choice to leave it visible, the words
 * hidden everywhere, the redaction log, and what may be done now.
 */
export function copyReviewView(
  locale: Locale,
  ref: string,
  copy: PublicCopyRecord,
  filename: string,
  format: CountryFormat,
) {
  const id = copy.document.toString();
  const base = `/requests/${ref}/documents/${id}`;
  const state =
    copy.status === 'preparing'
      ? copy.pagesTotal
        ? t(locale, 'review.preparingPages', {
            done: format.number(copy.pagesDone),
            total: format.number(copy.pagesTotal),
          })
        : t(locale, 'review.preparing')
      : copy.status === 'private'
        ? t(locale, `publication.keptPrivateBecause.${copy.reason ?? 'failed'}`)
        : copy.published
          ? t(locale, 'review.published')
          : t(locale, 'review.waiting');
  return {
    ref,
    filename,
    action: `${base}/review`,
    publicUrl: copy.status === 'ready' && copy.published ? `${base}/public` : null,
    state,
    preparing: copy.status === 'preparing',
    ready: copy.status === 'ready',
    canPublish: copy.status === 'ready' && !copy.published,
    words: copy.adjustments.words.join('\n'),
    pages: copy.pages.map((page) => ({
      number: format.number(page.page),
      page: page.page,
      anchor: `page-${String(page.page)}`,
      preview: `${base}/review/pages/${String(page.page)}.png`,
      viewBox: `0 0 ${fixed(page.width)} ${fixed(page.height)}`,
      // A box's number is a 22nd of the page wide: 15 px on a 360 px phone, readable anywhere.
      labelSize: fixed(page.width / 22),
      machineRead: page.machineRead,
      boxes: page.boxes.map((box, i) => ({
        n: format.number(i + 1),
        key: box.key,
        id: `box-${String(page.page)}-${String(i + 1)}`,
        lifted: box.lifted,
        x: fixed(box.box.x0),
        y: fixed(box.box.y0),
        width: fixed(box.box.x1 - box.box.x0),
        height: fixed(box.box.y1 - box.box.y0),
        kind: t(locale, `review.kind.${box.kind}`),
        rule: box.rule,
        words: box.words,
      })),
    })),
  };
}

/**
 * The public copies of the released documents as the request's parties follow
 * them (pure): where each stands, the agency's link to review it, and what was
 * removed (each box by page, kind and rule). Never the words a box hides.
 */
export function copiesView(
  locale: Locale,
  ref: string,
  states: readonly CopyState[],
  agency: boolean,
  format: CountryFormat,
) {
  return states.map((copy) => {
    const base = `/requests/${ref}/documents/${copy.id}`;
    const burned = copy.boxes.filter((box) => !box.lifted);
    const state =
      copy.state === 'preparing'
        ? copy.pages
          ? t(locale, 'publication.copyPreparingPages', {
              done: format.number(copy.pages.done),
              total: format.number(copy.pages.total),
            })
          : t(locale, 'publication.copyPreparing')
        : copy.state === 'private'
          ? t(locale, `publication.keptPrivateBecause.${copy.reason ?? 'failed'}`)
          : copy.state === 'review'
            ? t(locale, 'copy.review')
            : format.digits(t(locale, 'copy.published', { count: burned.length }));
    return {
      filename: copy.filename,
      original: copy.original,
      state,
      reviewUrl:
        agency && copy.state !== 'private' && copy.state !== 'preparing' ? `${base}/review` : null,
      publicUrl: copy.state === 'published' ? `${base}/public` : null,
      boxes: burned.map((box) =>
        t(locale, 'copy.box', {
          page: format.number(box.page),
          kind: t(locale, `review.kind.${box.kind}`),
          rule: box.rule,
        }),
      ),
    };
  });
}

/**
 * The redaction log of every copy as lines of the request's history (pure):
 * prepared, changed (what the officer left visible, hid, drew), published or
 * kept private (why), each with who did it: an officer by name, or the rules.
 */
export function copyHistory(
  locale: Locale,
  states: readonly CopyState[],
  format: CountryFormat,
): HistoryEntry[] {
  return states.flatMap((copy) =>
    copy.log.map((entry) => ({
      at: entry.at,
      type: t(locale, `copy.history.${entry.action}`, { document: copy.filename }),
      details: [
        {
          label: t(locale, 'copy.history.by'),
          value:
            entry.by ??
            t(
              locale,
              entry.action === 'published' ? 'copy.history.unreviewed' : 'copy.history.rules',
            ),
        },
        ...(entry.counts
          ? [
              {
                label: t(locale, 'copy.history.changes'),
                value: t(locale, 'copy.history.counts', {
                  lifted: format.number(entry.counts.lifted),
                  words: format.number(entry.counts.words),
                  drawn: format.number(entry.counts.drawn),
                }),
              },
            ]
          : []),
        ...(entry.action === 'kept_private'
          ? [
              {
                label: t(locale, 'copy.history.reason'),
                value: t(locale, `publication.keptPrivateBecause.${entry.detail ?? 'failed'}`),
              },
            ]
          : []),
      ],
    })),
  );
}
