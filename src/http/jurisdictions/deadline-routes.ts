import express, { type Router } from 'express';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/i18n.ts';
import { countryFormat } from '../../jurisdictions/country-format.ts';
import {
  computeDeadline,
  DEADLINE_KINDS,
  type DeadlineKind,
} from '../../jurisdictions/deadline-calculator.ts';
import { explanationSteps } from '../../jurisdictions/deadline-explanation.ts';
import type { JurisdictionCalendars } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { acceptsFiling, rulesInForce } from '../../jurisdictions/jurisdiction-rules.ts';
import { rulesLine } from './jurisdiction-view.ts';
import { instantOfLocalDateTime, isLocalDate } from '../../time/local-date.ts';

const form = z.object({
  jurisdiction: z.string().regex(/^[A-Z]{2}$/, 'validation.oneOf'),
  received: z
    .string('validation.required')
    .refine((value) => instantOfLocalDateTime(value, 'UTC') !== undefined, 'validation.instant'),
  kind: z.enum(DEADLINE_KINDS, 'validation.oneOf').default('response'),
  from: z
    .string()
    .refine((value) => value === '' || isLocalDate(value), 'validation.date')
    .optional(),
  digits: z.enum(['arab', 'latn']).optional(),
});

/** The public, bilingual deadline calculator: the same function as the API. */
export function deadlinePages(
  registry: JurisdictionRegistry,
  calendars: JurisdictionCalendars,
): Router {
  const router = express.Router();
  router.get('/deadline-calculator', (req, res) => {
    const locale: Locale = req.locale;
    const query = req.query as Record<string, string | undefined>;
    const options = registry.all().map((j) => {
      const rules = j.rules.at(-1);
      return {
        code: j.code,
        name: j.name[locale],
        note: j.reference
          ? t(locale, 'calculator.reference')
          : rules && !acceptsFiling(rules)
            ? t(locale, 'calculator.notForFiling')
            : '',
        selected: j.code === (query.jurisdiction ?? 'JO'),
      };
    });
    const kinds = DEADLINE_KINDS.map((kind) => ({
      kind,
      label: t(locale, `deadline.kind.${kind}`),
      selected: kind === (query.kind ?? 'response'),
    }));
    const view = {
      title: 'calculator.title',
      options,
      kinds,
      values: query,
    };
    if (query.received === undefined) {
      res.render('jurisdictions/calculator', view);
      return;
    }
    const parsed = form.safeParse(query);
    const found = parsed.success ? calendars.get(parsed.data.jurisdiction) : undefined;
    if (!parsed.success || !found) {
      const fields: Record<string, string> = {};
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          fields[String(issue.path[0])] ??= t(
            locale,
            issue.message.startsWith('validation.') ? issue.message : 'validation.oneOf',
          );
      if (parsed.success && !found) fields.jurisdiction = t(locale, 'jurisdiction.notFound');
      res.status(422).render('jurisdictions/calculator', { ...view, fields });
      return;
    }
    const { jurisdiction, calendar } = found;
    const date = parsed.data.received.slice(0, 10);
    const receivedAt = instantOfLocalDateTime(parsed.data.received, jurisdiction.timeZone);
    if (!receivedAt) throw new Error('the schema admits only valid local date-times');
    const rules = rulesInForce(jurisdiction, date);
    const kind: DeadlineKind = parsed.data.kind;
    const outcome = rules
      ? computeDeadline({
          kind,
          rules,
          calendar,
          receivedAt,
          ...(parsed.data.from ? { from: parsed.data.from } : {}),
        })
      : ({ ok: false, problem: 'responseUnknown' } as const);
    if (!outcome.ok) {
      res.status(422).render('jurisdictions/calculator', {
        ...view,
        problem: t(locale, `deadline.error.${outcome.problem}`),
      });
      return;
    }
    // The country's voice, in the digits the reader chose in the footer (or, from an
    // older link, in its `digits` parameter).
    const format = countryFormat(locale, jurisdiction, parsed.data.digits ?? req.numerals);
    res.render('jurisdictions/calculator', {
      ...view,
      result: {
        numerals: format.numerals,
        due: format.dayWithHijri(outcome.answer.deadline.dueDate),
        dueAt: outcome.answer.deadline.dueAt.toISOString(),
        rulesLine: format.digits(rulesLine(locale, jurisdiction, outcome.answer.rulesVersion)),
        explanation: explanationSteps(
          locale,
          outcome.answer,
          jurisdiction.timeZone,
          jurisdiction.code,
        ).map(format.digits),
      },
    });
  });
  return router;
}
