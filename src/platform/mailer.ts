import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { mailOutcomes } from './metrics.ts';

interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable id so a receiver (and our tests) can tell a repeat from a new mail. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  verify(): Promise<boolean>;
  close(): void;
}

/** The one way the project sends mail: SMTP at `SMTP_URL`, from `MAIL_FROM`. */
export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>): Mailer {
  const transport: Transporter = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(mail) {
      try {
        const info = (await transport.sendMail({ from: config.MAIL_FROM, ...mail })) as {
          messageId: string;
        };
        mailOutcomes.inc({ outcome: 'sent' });
        return { messageId: info.messageId };
      } catch (error) {
        mailOutcomes.inc({ outcome: 'failed' });
        throw error;
      }
    },
    async verify() {
      return transport.verify().then(
        () => true,
        () => false,
      );
    },
    close() {
      transport.close();
    },
  };
}
