import { readFileSync } from 'node:fs';
import path from 'node:path';

const COMMON = new Set(
  readFileSync(path.resolve(import.meta.dirname, '../../config/common-passwords.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith('#')),
);

const MIN_PASSWORD_LENGTH = 10;

/** Why a new password is refused (an i18n key), or undefined when it is acceptable. */
export function passwordProblem(password: string, email = ''): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return 'validation.passwordTooShort';
  if (password.length > 256) return 'validation.passwordTooLong';
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password) || (email && lower === email.toLowerCase()))
    return 'validation.passwordCommon';
  return undefined;
}
