import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../../platform/events';
import { MessageRepository } from '../../infrastructure/message.repository';
import { activationCodeSms, activationEmail, emailChangeEmail, passwordChangedEmail, passwordResetEmail } from '../templates/identity.templates';

/**
 * Identity's events that someone must be told about. Each handler renders its message and adds
 * it, pending, in the delivery's transaction (one per event and kind); the MessageSender sends it.
 * Handler ids (`IdentityMessagesHandler.<method>`) are recorded in the inbox: do not rename.
 */
@Injectable()
@EventConsumer('notifications')
export class IdentityMessagesHandler {
  constructor(
    private readonly messages: MessageRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('identity.password-reset.requested.v1')
  async onPasswordResetRequested(event: DomainEvent<'identity.password-reset.requested.v1'>): Promise<void> {
    const { email, displayName, resetUrl, expiresAt } = event.payload;
    const content = passwordResetEmail({ displayName, resetUrl, expiresAt, occurredAt: event.occurredAt });
    await this.messages.add({ eventId: event.id, kind: 'password-reset', channel: 'email', recipient: email, recipientName: displayName, ...content, expiresAt: new Date(expiresAt) });
  }

  @OnDomainEvent('identity.email-change.requested.v1')
  async onEmailChangeRequested(event: DomainEvent<'identity.email-change.requested.v1'>): Promise<void> {
    const { newEmail, displayName, confirmUrl, expiresAt } = event.payload;
    const content = emailChangeEmail({ displayName, newEmail, confirmUrl, expiresAt, occurredAt: event.occurredAt });
    await this.messages.add({ eventId: event.id, kind: 'email-change', channel: 'email', recipient: newEmail, recipientName: displayName, ...content, expiresAt: new Date(expiresAt) });
  }

  @OnDomainEvent('identity.activation-code.requested.v1')
  async onActivationCodeRequested(event: DomainEvent<'identity.activation-code.requested.v1'>): Promise<void> {
    const { mobile, code, expiresAt } = event.payload;
    const text = activationCodeSms({ code, expiresAt, occurredAt: event.occurredAt });
    await this.messages.add({ eventId: event.id, kind: 'activation-code', channel: 'sms', recipient: mobile, text, expiresAt: new Date(expiresAt) });
  }

  @OnDomainEvent('identity.activation-email.requested.v1')
  async onActivationEmailRequested(event: DomainEvent<'identity.activation-email.requested.v1'>): Promise<void> {
    const { email, displayName, confirmUrl, expiresAt } = event.payload;
    const content = activationEmail({ displayName, email, confirmUrl, expiresAt, occurredAt: event.occurredAt });
    await this.messages.add({ eventId: event.id, kind: 'activation-email', channel: 'email', recipient: email, recipientName: displayName, ...content, expiresAt: new Date(expiresAt) });
  }

  @OnDomainEvent('identity.password.changed.v1')
  async onPasswordChanged(event: DomainEvent<'identity.password.changed.v1'>): Promise<void> {
    const { email, displayName } = event.payload;
    const content = passwordChangedEmail({ displayName, occurredAt: event.occurredAt, publicUrl: this.config.publicUrl });
    await this.messages.add({ eventId: event.id, kind: 'password-changed', channel: 'email', recipient: email, recipientName: displayName, ...content });
  }
}
