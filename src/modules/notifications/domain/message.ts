/**
 * A message to deliver: one per (event, kind, recipient), rendered when the event is applied and sent later
 * by the sender, which retries it until it is sent, refused for good, out of attempts or expired.
 */
export type MessageKind = 'password-reset' | 'email-change' | 'activation-code' | 'activation-email' | 'password-changed' | 'reservation-request-accepted' | 'reservation-request-refused' | 'invoice-issued' | 'invoice-reminder' | 'payment-ticket';

export type Channel = 'email' | 'sms';

export type MessageStatus = 'pending' | 'sent' | 'failed' | 'expired';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface NewMessage {
  eventId: string;
  kind: MessageKind;
  channel: Channel;
  /** e-mail address or E.164 mobile number */
  recipient: string;
  /** display name of the recipient (e-mail only) */
  recipientName?: string;
  subject?: string;
  text: string;
  html?: string;
  /** after this the message is useless (an expired link or code) and is not sent any more */
  expiresAt?: Date;
}

/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 30 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: exponential from `backoffMs`, capped. */
export function retryDelayMs(attempts: number, backoffMs: number): number {
  return Math.min(backoffMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)), MAX_RETRY_DELAY_MS);
}
