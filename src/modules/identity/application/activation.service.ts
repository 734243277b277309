import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { EventPublisher } from '../../../platform/events';
import { RateLimiter } from '../../../platform/http';
import { FamilyDirectory, toMobileE164 } from '../../family';
import { ACTIVATION_RULES, ChildAnswer, checkChildrenAnswers, codeMatches, hashCode, newActivationCode, stepOf } from '../domain/activation';
import { IdentityError } from '../domain/identity.errors';
import { checkNewPassword } from '../domain/password-policy';
import { AccountRepository } from '../infrastructure/account.repository';
import { Activation, ActivationRepository } from '../infrastructure/activation.repository';
import { AuditRepository, RequestContext } from '../infrastructure/audit.repository';
import { newToken } from '../infrastructure/session.repository';
import { PasswordHasher } from './password-hasher';
import { SsoLinkService } from './sso-link.service';

const HOUR = 3600;
const TOO_MANY = "Trop de demandes d'activation. Réessayez plus tard.";
const SSO_TICKET_DEAD = "Votre connexion EduConnect n'est plus valable (déjà utilisée ou expirée après 30 minutes). Reconnectez-vous avec EduConnect.";
const UNKNOWN = "Cette activation n'existe pas ou n'est plus valable. Recommencez depuis le début.";

export interface ActivationStarted {
  activationToken: string;
  codeExpiresAt: Date;
}

export interface ChildToConfirmView {
  childId: string;
  lastName: string;
  firstName: string;
}

/**
 * Activation of a guardian account: the person on file (name + mobile) proves the phone with an
 * SMS code, confirms each child by birth date, chooses a password, and confirms the e-mail address
 * by a link; only then does the account exist. Nothing in the answers before the right code tells
 * whether the person or the number is on file: an unknown person gets an activation like anyone
 * else's, no SMS, and a code that never matches.
 */
@Injectable()
export class ActivationService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly activations: ActivationRepository,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly events: EventPublisher,
    private readonly directory: FamilyDirectory,
    private readonly ssoLinks: SsoLinkService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `ssoTicket`: the activation started from an unlinked EduConnect login; once the checks pass, the
   * SSO subject is linked to the guardian's account (created by this activation, or already there).
   */
  async start(input: { lastName: string; firstName: string; mobile: string; ssoTicket?: string }, ctx: RequestContext): Promise<ActivationStarted> {
    const mobile = toMobileE164(input.mobile);
    if (!mobile) throw IdentityError.invalidField('mobile', "Ce n'est pas un numéro de téléphone portable valide (ex. 06 12 34 56 78 ou +262 692 12 34 56).");
    if (input.ssoTicket && !(await this.ssoLinks.peek(input.ssoTicket))) throw IdentityError.invalidField('ssoTicket', SSO_TICKET_DEAD);
    await this.limiter.hit(`activation:ip:${ctx.ip}`, 20, HOUR, TOO_MANY);
    await this.limiter.hit(`activation:sms:${mobile}`, 5, 24 * HOUR, TOO_MANY);
    const guardian = await this.directory.findGuardian(input.lastName, input.firstName, mobile);
    // Already activated: nothing to send (the guardian logs in, or uses "mot de passe oublié"),
    // unless the activation is there to link an EduConnect login to that account.
    const activated = guardian && (await this.accounts.findByGuardian(guardian.guardianId)) !== undefined;
    const eligible = guardian && (!activated || input.ssoTicket) ? guardian : undefined;
    const id = randomUUID();
    const token = newToken();
    const code = newActivationCode();
    return this.txHost.withTransaction(async () => {
      const activation = await this.activations.create({
        id,
        token,
        guardianId: eligible?.guardianId ?? null,
        familyId: eligible?.familyId ?? null,
        mobile,
        displayName: eligible ? `${eligible.firstName} ${eligible.lastName}` : null,
        // an unknown person's activation gets the hash of a code nobody ever sees
        codeHash: hashCode(id, eligible ? code : newToken()),
        ssoTicket: input.ssoTicket ?? null,
      });
      if (eligible) await this.sendCode(activation.id, mobile, code, activation.codeExpiresAt);
      await this.audit.record('activation.started', ctx, { details: { activationId: id, matched: Boolean(eligible) } });
      return { activationToken: token, codeExpiresAt: activation.codeExpiresAt };
    });
  }

  /** A new code (the previous one stops working); at most 3 codes per activation. */
  async resendCode(token: string, ctx: RequestContext): Promise<{ codeExpiresAt: Date }> {
    await this.limiter.hit(`activation:ip:${ctx.ip}`, 20, HOUR, TOO_MANY);
    return this.txHost.withTransaction(async () => {
      const activation = await this.current(token, 'code');
      if (activation.codesSent >= ACTIVATION_RULES.maxCodesSent) {
        throw new IdentityError('too_many_requests', 'activation-codes-exhausted', 'Vous avez déjà reçu 3 codes pour cette activation. Recommencez depuis le début.');
      }
      await this.limiter.hit(`activation:sms:${activation.mobile}`, 5, 24 * HOUR, TOO_MANY);
      const code = newActivationCode();
      const codeExpiresAt = await this.activations.newCode(activation.id, hashCode(activation.id, activation.guardianId ? code : newToken()));
      if (activation.guardianId) await this.sendCode(activation.id, activation.mobile, code, codeExpiresAt);
      return { codeExpiresAt };
    });
  }

  /** The SMS code: at most 5 wrong tries per code, valid 30 minutes. Then the children to confirm. */
  async verifyCode(token: string, code: string, ctx: RequestContext): Promise<{ children: ChildToConfirmView[] }> {
    await this.limiter.hit(`activation:code:ip:${ctx.ip}`, 30, 900, TOO_MANY);
    const outcome = await this.txHost.withTransaction(async () => {
      const activation = await this.current(token, 'code');
      if (activation.codeAttempts >= ACTIVATION_RULES.maxCodeAttempts) {
        return new IdentityError('invalid', 'activation-code-locked', 'Trop de codes erronés : demandez un nouveau code.', [{ field: 'code', message: 'Trop de codes erronés : demandez un nouveau code.' }]);
      }
      if (activation.codeExpiresAt <= new Date()) {
        return new IdentityError('invalid', 'activation-code-expired', 'Ce code a expiré : demandez un nouveau code.', [{ field: 'code', message: 'Ce code a expiré : demandez un nouveau code.' }]);
      }
      if (!activation.guardianId || !codeMatches(activation.id, code, activation.codeHash)) {
        await this.activations.codeFailed(activation.id);
        await this.audit.record('activation.code-failed', ctx, { details: { activationId: activation.id } });
        const left = ACTIVATION_RULES.maxCodeAttempts - activation.codeAttempts - 1;
        const message = left > 0 ? `Code incorrect. Il vous reste ${left} essai${left > 1 ? 's' : ''}.` : 'Code incorrect. Demandez un nouveau code.';
        return new IdentityError('invalid', 'activation-code-wrong', message, [{ field: 'code', message }]);
      }
      await this.activations.codeVerified(activation.id);
      await this.audit.record('activation.code-verified', ctx, { details: { activationId: activation.id } });
      return activation;
    });
    if (outcome instanceof IdentityError) throw outcome;
    return { children: await this.childrenToConfirm(outcome) };
  }

  /** "Je suis le représentant légal de cet élève ?" with each child's birth date; 5 wrong answers end the activation. */
  async confirmChildren(token: string, answers: ChildAnswer[], ctx: RequestContext): Promise<{ email: string; completed: boolean }> {
    const outcome = await this.txHost.withTransaction(async () => {
      const activation = await this.current(token, 'children');
      if (activation.birthDateAttempts >= ACTIVATION_RULES.maxBirthDateAttempts) {
        return new IdentityError('invalid', 'activation-locked', 'Trop de réponses erronées : cette activation est bloquée. Recommencez depuis le début ou contactez votre établissement.');
      }
      const onFile = await this.directory.children(activation.familyId!);
      const { confirmed, errors, wrongBirthDates } = checkChildrenAnswers(onFile, answers);
      if (errors.length) {
        if (wrongBirthDates) {
          await this.activations.birthDatesFailed(activation.id);
          await this.audit.record('activation.children-failed', ctx, { details: { activationId: activation.id } });
        }
        return new IdentityError('invalid', 'activation-children', errors[0].message, errors);
      }
      await this.activations.childrenConfirmed(activation.id, confirmed);
      await this.audit.record('activation.children-confirmed', ctx, { details: { activationId: activation.id, children: confirmed.length } });
      // An EduConnect login for a guardian who already has an account: the checks are passed, link and finish.
      const account = activation.ssoTicket ? await this.accounts.findByGuardian(activation.guardianId!) : undefined;
      if (account) {
        await this.ssoLinks.linkWithTicket(activation.ssoTicket!, account.id, ctx);
        await this.activations.completed(activation.id, account.id);
        return { email: account.email, completed: true };
      }
      return { email: (await this.directory.guardian(activation.guardianId!))?.email ?? '', completed: false };
    });
    if (outcome instanceof IdentityError) throw outcome;
    return outcome;
  }

  /**
   * The password (twice) and the e-mail address that will be the login (the one on file unless
   * the guardian gives another); a confirmation link goes to that address. May be repeated (a new
   * link replaces the previous one) until the link is used.
   */
  async chooseCredentials(token: string, input: { email: string; password?: string; passwordConfirmation?: string }, ctx: RequestContext): Promise<{ email: string }> {
    await this.limiter.hit(`activation:ip:${ctx.ip}`, 20, HOUR, TOO_MANY);
    const email = input.email.trim().toLowerCase();
    // Without EduConnect a password is needed; with it, one may be chosen (to log in either way) or not.
    const wantsPassword = Boolean(input.password || input.passwordConfirmation);
    if (wantsPassword) checkNewPassword(input.password ?? '', input.passwordConfirmation ?? '', 'password', 'passwordConfirmation');
    const passwordHash = wantsPassword ? await this.hasher.hash(input.password!) : null;
    return this.txHost.withTransaction(async () => {
      const activation = await this.current(token, 'password');
      if (!passwordHash && !activation.ssoTicket) checkNewPassword('', '', 'password', 'passwordConfirmation');
      const taken = await this.accounts.findByEmail(email);
      if (taken) throw new IdentityError('conflict', 'email-taken', 'Cette adresse e-mail est déjà utilisée par un autre compte.', [{ field: 'email', message: 'Cette adresse e-mail est déjà utilisée par un autre compte.' }]);
      const emailToken = newToken();
      await this.activations.credentialsChosen(activation.id, email, passwordHash, emailToken);
      await this.events.publish('identity.activation-email.requested.v1', activation.id, {
        activationId: activation.id,
        email,
        displayName: activation.displayName ?? email,
        confirmUrl: `${this.config.publicUrl}/activation/confirmer?token=${encodeURIComponent(emailToken)}`,
        expiresAt: activation.expiresAt.toISOString(),
      });
      await this.audit.record('activation.email-requested', ctx, { details: { activationId: activation.id } });
      return { email };
    });
  }

  /** The e-mailed link: the account is created, active, with the confirmed e-mail as its login. */
  async confirmEmail(emailToken: string, ctx: RequestContext): Promise<{ email: string; ssoLinked: boolean }> {
    await this.limiter.hit(`activation:link:ip:${ctx.ip}`, 30, HOUR, TOO_MANY);
    return this.txHost.withTransaction(async () => {
      const activation = await this.activations.lockByEmailToken(emailToken);
      if (!activation || stepOf(activation, new Date()) !== 'password' || !activation.email || !activation.guardianId) {
        throw new IdentityError('invalid', 'activation-link-invalid', "Ce lien n'est plus valable (déjà utilisé ou activation expirée). Recommencez l'activation.");
      }
      const account = await this.accounts.createGuardian({
        email: activation.email,
        displayName: activation.displayName ?? activation.email,
        passwordHash: activation.passwordHash,
        familyId: activation.familyId!,
        guardianId: activation.guardianId,
      });
      if (!account) {
        throw new IdentityError('conflict', 'already-activated', 'Ce compte est déjà activé, ou cette adresse e-mail est déjà utilisée : connectez-vous ou utilisez « Mot de passe oublié ».');
      }
      // A link ticket lives 30 minutes: past that, the account is created all the same and the next
      // EduConnect login asks for a (short) activation again to link it.
      const ssoLinked = activation.ssoTicket !== null && (await this.ssoLinks.peek(activation.ssoTicket)) !== null;
      if (ssoLinked) await this.ssoLinks.linkWithTicket(activation.ssoTicket!, account.id, ctx);
      await this.activations.completed(activation.id, account.id);
      await this.events.publish('identity.guardian.activated.v1', account.id, {
        accountId: account.id,
        guardianId: activation.guardianId,
        familyId: activation.familyId!,
        childIds: activation.confirmedChildIds ?? [],
      });
      await this.audit.record('account.activated', ctx, { accountId: account.id, details: { activationId: activation.id, ssoLinked } });
      return { email: account.email, ssoLinked };
    });
  }

  /** The activation of this token, at the step expected; locked until the transaction ends. */
  private async current(token: string, expected: 'code' | 'children' | 'password'): Promise<Activation> {
    const activation = await this.activations.lockByToken(token);
    if (!activation) throw new IdentityError('not_found', 'activation-unknown', UNKNOWN);
    const step = stepOf(activation, new Date());
    if (step === 'expired') throw new IdentityError('invalid', 'activation-expired', `Cette activation n'a pas été terminée dans les ${ACTIVATION_RULES.lifetimeDays} jours : recommencez depuis le début.`);
    if (step === 'completed') throw new IdentityError('conflict', 'activation-completed', 'Cette activation est terminée : connectez-vous.');
    if (step !== expected) throw new IdentityError('conflict', 'activation-step', STEP_MESSAGES[step]);
    return activation;
  }

  private async sendCode(activationId: string, mobile: string, code: string, expiresAt: Date): Promise<void> {
    await this.events.publish('identity.activation-code.requested.v1', activationId, { activationId, mobile, code, expiresAt: expiresAt.toISOString() });
  }

  private async childrenToConfirm(activation: Activation): Promise<ChildToConfirmView[]> {
    return (await this.directory.children(activation.familyId!)).map(({ childId, lastName, firstName }) => ({ childId, lastName, firstName }));
  }
}

const STEP_MESSAGES: Record<'code' | 'children' | 'password', string> = {
  code: "Saisissez d'abord le code reçu par SMS.",
  children: "Confirmez d'abord vos enfants.",
  password: 'Vos enfants sont déjà confirmés : choisissez votre mot de passe.',
};
