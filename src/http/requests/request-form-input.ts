import { instantOfLocalDateTime } from '../../time/local-date.ts';
import { parseBody } from '../middleware/validation.ts';
import type { Action } from '../../requests/request-lifecycle.ts';
import { filingBody, loggedFilingBody } from '../../requests/request-schemas.ts';

/** A posted form: every field a string, or a list of strings for repeated fields. */
export type Form = Record<string, unknown>;

/** A form field as text ('' when absent or not text). */
export const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A repeated form field (checkboxes) as a list of its non-empty values. */
export const list = (value: unknown) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(text).filter(Boolean);

/** A page form's fields as the action's JSON body (the API's schema then checks them). */
export function actionInput(action: Action, form: Form, uploaded: readonly string[]) {
  const input: Form = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === '_csrf' || value === '') continue;
    input[key] = value;
  }
  if (typeof form.version === 'string') input.version = Number(form.version);
  if (action === 'assign') input.assignee = text(form.assignee) || null;
  if (action === 'decide-appeal') input.legalGrounds = list(form.legalGrounds);
  if (action === 'answer') {
    input.legalGrounds = list(form.legalGrounds);
    // The preview's choices: publish or not, redactions lifted, words hidden (one per line).
    input.publish = form.publish !== 'no';
    // An officer answering on the page sees each document's public copy before it is published.
    input.reviewDocuments = true;
    input.unhide = list(form.unhide);
    input.hide = text(form.hide)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    // Files sent with the preview are already stored: their ids come back in hidden fields,
    // and files added on the preview join them.
    input.attachments = [...list(form.attachments), ...uploaded];
    delete input.intent;
  } else if (uploaded.length > 0) input.attachments = [...uploaded];
  return input;
}

/**
 * The filing's answers as the API's filing body, checked by its schema. An
 * officer logging a paper request (`officer`) gives the receipt as a local
 * date and time of the agency's jurisdiction (`timeZone`).
 */
export function filingInput(officer: boolean, form: Form, timeZone: string | undefined) {
  const input: Form = {
    jurisdiction: text(form.jurisdiction) || undefined,
    agency: text(form.agency) || undefined,
    subject: text(form.subject),
    body: text(form.body),
    visibility: text(form.visibility) || undefined,
    urgent: form.urgent === 'on',
    urgentReason: text(form.urgentReason) || undefined,
    displayName: text(form.displayName).trim() || undefined,
  };
  if (!officer) return parseBody(filingBody, input);
  const received = timeZone ? instantOfLocalDateTime(text(form.receivedAt), timeZone) : undefined;
  return parseBody(loggedFilingBody, {
    ...input,
    language: text(form.language) || undefined,
    receivedAt: received?.toISOString() ?? 'invalid',
    channel: text(form.channel) || undefined,
    requester: {
      name: text(form.requesterName),
      ...(text(form.requesterEmail) ? { email: text(form.requesterEmail) } : {}),
    },
  });
}

/**
 * What a person typed into a form that failed, to show it again (never the
 * CSRF token): nothing typed is ever lost to an error.
 */
export function keptFields(form: Form): Form {
  const kept: Form = {};
  for (const [key, value] of Object.entries(form))
    if (key !== '_csrf' && (typeof value === 'string' || Array.isArray(value))) kept[key] = value;
  return kept;
}
