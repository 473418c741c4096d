import type { CaughtMail, MailCatcher } from '../../src/dev/mail-catcher.ts';

/** Waits until the mailbox holds `count` mails matching `match` (the worker sends them a moment later). */
export async function waitForMail(
  mailbox: MailCatcher,
  match: (mail: CaughtMail) => boolean,
  count = 1,
  ms = 15_000,
): Promise<CaughtMail[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = mailbox.messages().filter(match);
    if (found.length >= count) return found;
    if (Date.now() > deadline)
      throw new Error(
        `expected ${String(count)} mails, got ${String(found.length)} in ${String(ms)} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Mails to one address. */
export const to = (address: string) => (mail: CaughtMail) => mail.to.includes(address);
