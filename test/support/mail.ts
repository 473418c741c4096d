import type { CaughtMail, MailCatcher } from '../../src/dev/mail-catcher.ts';

/** Polls `probe` until it gives a value (not undefined), or fails naming `what` after `ms`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${String(ms)} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the mailbox holds `count` mails matching `match` (the worker sends them a moment later). */
export function waitForMail(
  mailbox: MailCatcher,
  match: (mail: CaughtMail) => boolean,
  count = 1,
  ms = 15_000,
): Promise<CaughtMail[]> {
  return eventually(
    `${String(count)} mails`,
    () => {
      const found = mailbox.messages().filter(match);
      return found.length >= count ? found : undefined;
    },
    ms,
  );
}

/** Mails to one address. */
export const to = (address: string) => (mail: CaughtMail) => mail.to.includes(address);
