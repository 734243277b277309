/**
 * Events raised by family. Payloads carry ids and field names, never the values of a file (no
 * health data, no addresses): a consumer that needs a value asks the family module.
 */
declare module '../../../platform/events/domain-event' {
  interface DomainEventCatalog {
    /** A child was added to a family (by a guardian or by staff). */
    'family.child.added.v1': { familyId: string; childId: string; addedBy: 'guardian' | 'staff' };
    /**
     * A guardian submitted the family form or a child form ("J'accepte"). `fields` were applied at
     * once; `pendingFields` wait for staff approval. Names only (`family.address`, `child.diet`…).
     */
    'family.file.changed.v1': { familyId: string; childId: string | null; submissionId: string; fields: string[]; pendingFields: string[] };
    /** Staff set the family quotient in force from a date (billing prices depend on it). */
    'family.quotient.changed.v1': { familyId: string; value: number; validFrom: string };
    /** Staff approved or rejected a change waiting for their validation. */
    'family.change.validated.v1': { changeId: string; familyId: string; childId: string | null; field: string; outcome: 'approved' | 'rejected' };
  }
}

export {};
