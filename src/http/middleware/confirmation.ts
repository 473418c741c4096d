import type { Request, Response } from 'express';
import { csrfToken } from './csrf.ts';

/** What a confirmation page asks, and what it sends again when the person confirms. */
export interface Confirmation {
  /** The question, in the reader's language: also the page's title. */
  question: string;
  /** What will happen, a line each (the requests concerned, the account…). */
  details?: readonly string[];
  /** The confirming button's words ("Yes, take it down"). */
  button: string;
  /** Where "Cancel" leads: back, with nothing done. */
  back: string;
  /** The form's fields, sent again as they came. */
  fields: Readonly<Record<string, unknown>>;
}

/**
 * An action that cannot be taken back asks first (GOV.UK's confirmation pages): true when
 * the form came back confirmed; otherwise the question `ask` makes (only then: a confirmed
 * form reads nothing for it) is rendered, with the form's fields kept, and false is
 * returned. Works without JavaScript.
 */
export async function confirmed(
  req: Request,
  res: Response,
  ask: () => Confirmation | Promise<Confirmation>,
): Promise<boolean> {
  if ((req.body as Record<string, unknown>).confirmed === 'yes') return true;
  const confirmation = await ask();
  res.render('confirm', {
    title: 'confirm.title',
    titleText: confirmation.question,
    csrf: csrfToken(req, res),
    action: req.originalUrl,
    ...confirmation,
    // Only the form's text values go round again (a list as one field each).
    hidden: Object.entries(confirmation.fields).flatMap(([name, value]) =>
      [value]
        .flat()
        .filter((one): one is string => typeof one === 'string')
        .map((one) => ({ name, value: one })),
    ),
  });
  return false;
}
