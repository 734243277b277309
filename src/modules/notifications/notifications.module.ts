import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FamilyModule } from '../family';
import { ReservationsModule } from '../reservations';
import { BillingMessagesHandler } from './application/handlers/on-billing-events.handler';
import { FeedService } from './application/feed.service';
import { FeedProjection } from './application/handlers/feed.projection';
import { IdentityMessagesHandler } from './application/handlers/on-identity-events.handler';
import { PaymentMessagesHandler } from './application/handlers/on-payments-events.handler';
import { ReservationMessagesHandler } from './application/handlers/on-reservations-events.handler';
import { MessageSender } from './application/message-sender';
import { MailSender, SmsGateway } from './application/ports';
import { FeedController } from './http/feed.controller';
import { LocalDeliveriesController } from './http/local-deliveries.controller';
import { FeedRepository } from './infrastructure/feed.repository';
import { LocalDeliveriesRepository } from './infrastructure/local-deliveries.repository';
import { MessageRepository } from './infrastructure/message.repository';
import { RecordingSmsGateway } from './infrastructure/recording.sms-gateway';
import { SmtpMailer } from './infrastructure/smtp.mailer';
import { SmtpSink } from './infrastructure/smtp-sink';

/**
 * E-mails, SMS and the parents' event feed: a consumer of the other modules' events (schema
 * `notifications`). Event handlers add pending messages; in the worker role the MessageSender
 * sends them, by SMTP (SMTP_URL, or a local SMTP sink started here when it is not set) and
 * through the SMS gateway chosen by SMS_GATEWAY. See README.md in this folder.
 */
@Module({
  imports: [FamilyModule, ReservationsModule],
  controllers: [LocalDeliveriesController, FeedController],
  providers: [
    MessageRepository,
    FeedRepository,
    FeedProjection,
    FeedService,
    LocalDeliveriesRepository,
    IdentityMessagesHandler,
    ReservationMessagesHandler,
    BillingMessagesHandler,
    PaymentMessagesHandler,
    MessageSender,
    SmtpMailer,
    { provide: MailSender, useExisting: SmtpMailer },
    { provide: SmsGateway, useClass: RecordingSmsGateway },
    { provide: SmtpSink, inject: [DataSource], useFactory: (dataSource: DataSource) => new SmtpSink(dataSource) },
  ],
})
export class NotificationsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: SmtpMailer,
    private readonly sink: SmtpSink,
    private readonly sender: MessageSender,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    const { smtpUrl, sinkPort } = this.config.notifications.mail;
    if (smtpUrl) {
      this.mailer.connect({ url: smtpUrl });
    } else {
      if (this.config.nodeEnv === 'production') this.logger.warn('SMTP_URL is not set: e-mails go to the local SMTP sink and reach nobody');
      this.mailer.connect({ sinkPort: await this.startSink(sinkPort) });
    }
    this.sender.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender.stop();
    this.mailer.close();
    await this.sink.stop();
  }

  /** Starts the sink; if its port is taken (another Guichet worker's sink, say), sends there. */
  private async startSink(port: number): Promise<number> {
    try {
      const bound = await this.sink.start(port);
      this.logger.log(`SMTP_URL not set: e-mails go to the local SMTP sink on 127.0.0.1:${bound} (table notifications.sink_mail)`);
      return bound;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
      this.logger.warn(`SMTP sink port ${port} is taken (another Guichet worker's sink?): e-mails are sent to whatever listens there`);
      return port;
    }
  }
}
