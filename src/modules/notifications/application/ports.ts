/** What the sender needs from the outside world: an e-mail transport and an SMS gateway. */

export interface OutgoingMail {
  /** our message id: the Message-ID header is derived from it, so a resend carries the same one */
  id: string;
  to: string;
  toName?: string;
  subject: string;
  text: string;
  html?: string;
}

export interface OutgoingSms {
  id: string;
  /** E.164 */
  to: string;
  text: string;
}

/** Thrown by an adapter when the message was refused for good (e.g. unknown mailbox): no retry. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** Sends one e-mail. Adapter: SMTP (nodemailer), to the configured server or the local sink. */
export abstract class MailSender {
  abstract send(mail: OutgoingMail): Promise<void>;
}

/**
 * Sends one SMS. Adapter: `record` (stores it in notifications.recorded_sms). A real gateway is a
 * new adapter selected by SMS_GATEWAY.
 */
export abstract class SmsGateway {
  abstract send(sms: OutgoingSms): Promise<void>;
}
