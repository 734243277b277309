import { EmailContent } from '../../domain/message';
import { button, checkedUrl, frenchDateTime, html, layout, TEXT_FOOTER, validity } from './html';

/**
 * The messages sent for identity's events, in French. Each takes the event's facts (never
 * anything else: no health data can reach a message) and returns the subject, text and HTML.
 */

export interface PasswordResetInput {
  displayName: string;
  resetUrl: string;
  occurredAt: string;
  expiresAt: string;
}

export function passwordResetEmail(i: PasswordResetInput): EmailContent {
  const subject = 'Réinitialisation de votre mot de passe';
  const valid = validity(i.occurredAt, i.expiresAt);
  const text = `Bonjour ${i.displayName},

Vous avez demandé à réinitialiser le mot de passe de votre compte Guichet.
Pour choisir un nouveau mot de passe, ouvrez ce lien :

${checkedUrl(i.resetUrl)}

Ce lien est valable ${valid} et ne sert qu'une fois.
Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>Vous avez demandé à réinitialiser le mot de passe de votre compte Guichet.</p>
${button(i.resetUrl, 'Choisir un nouveau mot de passe')}
<p>Ce lien est valable ${valid} et ne sert qu'une fois.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.</p>`;
  return { subject, text, html: layout(subject, body) };
}

export interface EmailChangeInput {
  displayName: string;
  newEmail: string;
  confirmUrl: string;
  occurredAt: string;
  expiresAt: string;
}

export function emailChangeEmail(i: EmailChangeInput): EmailContent {
  const subject = 'Confirmez votre nouvelle adresse e-mail';
  const valid = validity(i.occurredAt, i.expiresAt);
  const text = `Bonjour ${i.displayName},

Vous avez demandé à vous connecter à Guichet avec l'adresse ${i.newEmail}.
Pour la confirmer, ouvrez ce lien :

${checkedUrl(i.confirmUrl)}

Ce lien est valable ${valid}. D'ici là, vous vous connectez toujours avec votre adresse actuelle.
Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>Vous avez demandé à vous connecter à Guichet avec l'adresse <strong>${i.newEmail}</strong>.</p>
${button(i.confirmUrl, 'Confirmer cette adresse')}
<p>Ce lien est valable ${valid}. D'ici là, vous vous connectez toujours avec votre adresse actuelle.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.</p>`;
  return { subject, text, html: layout(subject, body) };
}

export interface ActivationEmailInput {
  displayName: string;
  email: string;
  confirmUrl: string;
  occurredAt: string;
  expiresAt: string;
}

export function activationEmail(i: ActivationEmailInput): EmailContent {
  const subject = 'Terminez l’activation de votre compte Guichet';
  const until = frenchDateTime(i.expiresAt);
  const text = `Bonjour ${i.displayName},

Pour terminer l'activation de votre compte Guichet, confirmez votre adresse e-mail en ouvrant ce lien :

${checkedUrl(i.confirmUrl)}

Votre identifiant sera : ${i.email}
Ce lien est valable jusqu'au ${until} ; passé ce délai, l'activation est à recommencer.
Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>Pour terminer l'activation de votre compte Guichet, confirmez votre adresse e-mail.</p>
${button(i.confirmUrl, 'Confirmer mon adresse e-mail')}
<p>Votre identifiant sera : <strong>${i.email}</strong></p>
<p>Ce lien est valable jusqu'au ${until} ; passé ce délai, l'activation est à recommencer.</p>
<p>Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.</p>`;
  return { subject, text, html: layout(subject, body) };
}

export interface PasswordChangedInput {
  displayName: string;
  occurredAt: string;
  /** the address of Guichet, where the "Mot de passe oublié" link is */
  publicUrl: string;
}

export function passwordChangedEmail(i: PasswordChangedInput): EmailContent {
  const subject = 'Votre mot de passe a été modifié';
  const when = frenchDateTime(i.occurredAt);
  const text = `Bonjour ${i.displayName},

Le mot de passe de votre compte Guichet a été modifié le ${when}.

Si c'est vous, vous n'avez rien à faire.
Si ce n'est pas vous, choisissez tout de suite un nouveau mot de passe avec « Mot de passe oublié » sur ${checkedUrl(i.publicUrl)}
et prévenez votre établissement.
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>Le mot de passe de votre compte Guichet a été modifié le ${when}.</p>
<p>Si c'est vous, vous n'avez rien à faire.</p>
<p>Si ce n'est pas vous, choisissez tout de suite un nouveau mot de passe avec « Mot de passe oublié » sur
<a href="${i.publicUrl}" style="color:#1d4f91">${i.publicUrl}</a>, et prévenez votre établissement.</p>`;
  return { subject, text, html: layout(subject, body) };
}

export interface ActivationCodeInput {
  code: string;
  occurredAt: string;
  expiresAt: string;
}

/** SMS: one short line, no link (a link in an SMS looks like phishing). */
export function activationCodeSms(i: ActivationCodeInput): string {
  if (!/^\d{6}$/.test(i.code)) throw new Error('An activation code has 6 digits');
  return `Votre code d'activation Guichet : ${i.code}. Il est valable ${validity(i.occurredAt, i.expiresAt)}.`;
}
