import { z } from 'zod';

/** Control characters (line breaks included) and the Unicode line and paragraph separators. */
const BREAKS_AND_CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;

/**
 * A name or a subject as one line: every control character and line break
 * becomes a space, runs of spaces one, and the ends are trimmed. What people
 * type into a one-line field can then never start a new line of a mail, a
 * header or a log.
 */
export function singleLine(text: string): string {
  return text.replace(BREAKS_AND_CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Text that may hold paragraphs, with every control character but the line break made a space. */
export function withoutControls(text: string): string {
  return text.replace(BREAKS_AND_CONTROLS, (run) => run.replace(/[^\n]/g, ' '));
}

/** A one-line text field of `min` to `max` characters, cleaned by singleLine; `message` is its i18n key. */
export function singleLineField(min: number, max: number, message: string) {
  return z
    .string('validation.required')
    .transform(singleLine)
    .pipe(z.string().min(min, message).max(max, message));
}

/**
 * A free text of `min` to `max` characters that may hold paragraphs: every
 * control character but the line break made a space (withoutControls), then
 * trimmed. Nothing a person types needs a NUL, and the local engine's
 * PostgreSQL cannot store one: a description holding `\u0000` answered 500
 * (found by the portal intake's fuzz test) before every free text came here.
 */
export function paragraphsField(min: number, max: number, message?: string) {
  return z
    .string(message)
    .transform(withoutControls)
    .pipe(z.string().trim().min(min, message).max(max, message));
}
