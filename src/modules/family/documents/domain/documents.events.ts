/**
 * Events raised by the supporting documents of the family module (see docs/events.md). Ids and
 * minimal facts only: never a file's contents or name, and never a rejection reason (free text
 * that may describe a health record such as a vaccination record; a consumer reads it through
 * SupportingDocuments.forFamily).
 */
declare module '../../../../platform/events/domain-event' {
  interface DomainEventCatalog {
    /** A guardian sent a file for a kind of proof; it awaits staff review. */
    'family.document.submitted.v1': {
      documentId: string;
      familyId: string;
      /** null for a family-level kind */
      childId: string | null;
      kindCode: string;
    };
    /** Staff accepted or rejected a sent file. */
    'family.document.reviewed.v1': {
      documentId: string;
      familyId: string;
      childId: string | null;
      kindCode: string;
      outcome: 'accepted' | 'rejected';
      /** accepted: last day of validity (YYYY-MM-DD), null = no expiry; rejected: null */
      validUntil: string | null;
    };
  }
}

export {};
