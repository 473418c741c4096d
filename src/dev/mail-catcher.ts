import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';

/** A header's raw value (mailparser folds the List-* headers into one object; the lines keep them). */
const headerLine = (
  lines: readonly { key: string; line: string }[],
  key: string,
): string | null => {
  const found = lines.find((line) => line.key === key)?.line;
  return found ? found.slice(found.indexOf(':') + 1).trim() : null;
};
import { SMTPServer } from 'smtp-server';
import type { CaughtMail } from './mailbox.ts';

export type { CaughtMail } from './mailbox.ts';

export interface MailCatcher {
  readonly port: number;
  readonly url: string;
  /** Every message received so far, oldest first. */
  messages(): readonly CaughtMail[];
  /** While set, every RCPT is answered with a temporary 451 failure. */
  setRefusing(refusing: boolean): void;
  close(): Promise<void>;
}

/**
 * A real SMTP listener for development and tests: accepts any mail without
 * authentication, keeps it in memory and, when `dir` is given, writes it there
 * as JSON (for `/dev/mail`) and as the raw `.eml` message.
 */
export async function startMailCatcher(
  options: { port?: number; host?: string; dir?: string } = {},
): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const received: CaughtMail[] = [];
  let refusing = false;
  let counter = 0;
  if (options.dir) mkdirSync(options.dir, { recursive: true });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onRcptTo(_address, _session, callback) {
      if (refusing) {
        const error = Object.assign(new Error('mailbox temporarily unavailable'), {
          responseCode: 451,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            counter += 1;
            const receivedAt = new Date().toISOString();
            const id = `${receivedAt.replace(/[:.]/g, '-')}-${process.pid}-${counter}`;
            const mail: CaughtMail = {
              id,
              receivedAt,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              messageId: parsed.messageId ?? null,
              listUnsubscribe: headerLine(parsed.headerLines, 'list-unsubscribe'),
              listUnsubscribePost: headerLine(parsed.headerLines, 'list-unsubscribe-post'),
            };
            received.push(mail);
            if (options.dir) {
              writeFileSync(path.join(options.dir, `${id}.eml`), raw);
              writeFileSync(path.join(options.dir, `${id}.json`), JSON.stringify(mail));
            }
            callback();
          })
          .catch((error: unknown) => {
            callback(error as Error);
          });
      });
    },
  });
  server.on('error', () => {
    // A client that drops the connection must not stop the catcher.
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages: () => received,
    setRefusing(value) {
      refusing = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
