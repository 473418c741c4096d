// The development catcher's stored messages, read without the SMTP and MIME
// libraries the catcher itself needs (the web process loads only this).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A message as the catcher stored it. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  /** The List-Unsubscribe headers (RFC 2369, RFC 8058), when the mail has them. */
  listUnsubscribe?: string | null;
  listUnsubscribePost?: string | null;
}

/** Reads the messages a catcher stored in `dir`, newest first. */
export function readMailbox(dir: string, limit = 200): CaughtMail[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .slice(0, limit)
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CaughtMail);
}
