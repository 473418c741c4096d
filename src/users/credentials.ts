import { hashPassword, verifyPassword } from './password.ts';
import { findLoginCandidate, type SessionUser } from './user-store.ts';

// A hash to verify against when the e-mail is unknown, so both answers take as long.
const dummyHash = hashPassword('not-a-real-password-0000');

/** Checks an e-mail and password; the same answer for an unknown e-mail and a wrong password. */
export async function checkCredentials(
  email: string,
  password: string,
): Promise<SessionUser | undefined> {
  const candidate = await findLoginCandidate(email);
  const ok = await verifyPassword(candidate?.passwordHash ?? (await dummyHash), password);
  return ok && candidate?.passwordHash ? candidate.user : undefined;
}
