/**
 * Events raised by identity. Those that carry a link or a code exist to be delivered by
 * notifications: the secret travels in the payload because identity stores only its hash;
 * it is short-lived and single-use, and the outbox row is purged after the retention window.
 */
declare module '../../../platform/events/domain-event' {
  interface DomainEventCatalog {
    /** A lost-password link to e-mail; raised only for an existing, enabled account. */
    'identity.password-reset.requested.v1': {
      accountId: string;
      email: string;
      displayName: string;
      /** full link to the reset page, with its single-use token */
      resetUrl: string;
      /** ISO 8601 */
      expiresAt: string;
    };
    /** The new login e-mail must be confirmed by the link sent to it. */
    'identity.email-change.requested.v1': {
      accountId: string;
      newEmail: string;
      displayName: string;
      confirmUrl: string;
      expiresAt: string;
    };
    /** A 6-digit activation code to send by SMS to the mobile number on file. */
    'identity.activation-code.requested.v1': {
      activationId: string;
      /** E.164, e.g. +33612345678 */
      mobile: string;
      code: string;
      expiresAt: string;
    };
    /** The e-mail address given during an activation must be confirmed by this link. */
    'identity.activation-email.requested.v1': {
      activationId: string;
      email: string;
      displayName: string;
      confirmUrl: string;
      expiresAt: string;
    };
    /**
     * A guardian finished activating: the account now exists. family links the guardian on file to
     * the account and records the children the guardian confirmed ("Je suis le représentant légal").
     */
    'identity.guardian.activated.v1': {
      accountId: string;
      guardianId: string;
      familyId: string;
      childIds: string[];
    };
    /** Informs the account holder that the password was changed (no secret in it). */
    'identity.password.changed.v1': {
      accountId: string;
      email: string;
      displayName: string;
    };
  }
}

export {};
