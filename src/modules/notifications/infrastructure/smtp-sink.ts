import { Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';

const MAX_SIZE = 10 * 1024 * 1024;

/**
 * The local stand-in for a mail server: a real SMTP server on 127.0.0.1 that accepts every
 * message (no TLS, any or no authentication) and stores it in notifications.sink_mail, where tests
 * and developers read it (also `GET /api/admin/notifications/sink/mails` outside production).
 * A message is acknowledged (250) only once stored: a failed store is a failed send, retried.
 */
export class SmtpSink {
  private readonly logger = new Logger('SmtpSink');
  private server?: SMTPServer;

  constructor(private readonly dataSource: DataSource) {}

  /** Listens on `port` (0: any free port); resolves with the port. Rejects with EADDRINUSE if taken. */
  async start(port: number): Promise<number> {
    const server = new SMTPServer({
      name: 'guichet-sink.localhost',
      banner: 'Guichet SMTP sink (local development and tests)',
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (_auth, _session, callback) => callback(null, { user: 'sink' }),
      disableReverseLookup: true,
      size: MAX_SIZE,
      closeTimeout: 2000,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (stream.sizeExceeded) return callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          this.store(Buffer.concat(chunks), session.envelope.mailFrom ? session.envelope.mailFrom.address : null, session.envelope.rcptTo.map((r) => r.address.toLowerCase()))
            .then(() => callback())
            .catch((err: Error) => {
              this.logger.warn({ err: err.message }, 'could not store a received mail');
              callback(Object.assign(new Error('Could not store the message, try again later'), { responseCode: 451 }));
            });
        });
      },
    });
    server.on('error', (err) => this.logger.warn({ err: err.message }, 'SMTP sink error'));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.server.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async store(source: Buffer, envelopeFrom: string | null, envelopeTo: string[]): Promise<void> {
    const mail = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
    const addresses = (a: typeof mail.to) => (a === undefined ? null : (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', '));
    await this.dataSource.query(
      `INSERT INTO notifications.sink_mail (envelope_from, envelope_to, message_id, subject, from_header, to_header, text_body, html_body, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        envelopeFrom,
        envelopeTo,
        mail.messageId ?? null,
        mail.subject ?? null,
        addresses(mail.from),
        addresses(mail.to),
        mail.text ?? null,
        mail.html === false ? null : mail.html,
        source.toString('utf8'),
      ],
    );
  }
}
