import { z } from 'zod';
import { singleLineField } from '../text/single-line.ts';

/** Shared input fields of the account forms and APIs (messages are i18n keys). */
export const emailField = z
  .string('validation.required')
  .trim()
  .toLowerCase()
  .max(254, 'validation.email')
  .pipe(z.email('validation.email'));

/** A person's name: one line (no control characters), 1 to 200 characters. */
export const nameField = singleLineField(1, 200, 'validation.name');

/** A new password: its rules are checked by the password policy, which names the problem. */
export const newPasswordField = z
  .string('validation.required')
  .max(1024, 'validation.passwordTooLong');

export const currentPasswordField = z
  .string('validation.required')
  .min(1, 'validation.required')
  .max(1024);
