import { Inject, Injectable } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, AppConfig, MAILBOX } from '../../../config/app-config';
import { MailSender, OutgoingMail, PermanentDeliveryError } from '../application/ports';

/** Bounds of one SMTP conversation; a send never outlasts SEND_TIMEOUT_MS (the sender's lease is longer). */
/** The properties nodemailer sets on its errors that matter here. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  /** set with responseCode: true for a 5xx reply other than 503 */
  permanent?: boolean;
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 };
export const SEND_TIMEOUT_MS = 60_000;

/**
 * E-mail over SMTP with nodemailer: to SMTP_URL, or to the local sink when it is not set.
 * One connection per message (no pool: nothing to keep alive between bursts).
 * The Message-ID is `<message id@domain of MAIL_FROM>`: a resend of the same message carries
 * the same Message-ID, which lets mail systems and readers recognise a duplicate.
 */
@Injectable()
export class SmtpMailer extends MailSender {
  private transport?: Transporter;
  private readonly domain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    const match = MAILBOX.exec(config.notifications.mail.from);
    this.domain = (match?.[1] ?? match?.[2] ?? 'guichet.localhost').toLowerCase();
  }

  /** Targets SMTP_URL, or the local sink listening on `sinkPort`. */
  connect(target: { url: string } | { sinkPort: number }): void {
    this.transport?.close();
    this.transport =
      'url' in target
        ? createTransport({ url: target.url, ...TIMEOUTS })
        : createTransport({ host: '127.0.0.1', port: target.sinkPort, secure: false, ignoreTLS: true, ...TIMEOUTS });
  }

  messageIdOf(id: string): string {
    return `<${id}@${this.domain}>`;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('SMTP transport not started (worker role only)');
    try {
      await this.transport.sendMail({
        from: this.config.notifications.mail.from,
        to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: this.messageIdOf(mail.id),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as SmtpError;
      // The server refused this recipient or this message for good (5xx, RFC 5321); anything
      // else (connection, timeout, 4xx, authentication) may pass later.
      if (e.permanent === true && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE')) {
        throw new PermanentDeliveryError(`${e.code} ${e.responseCode ?? ''}: ${e.response ?? e.message}`);
      }
      throw err;
    }
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
