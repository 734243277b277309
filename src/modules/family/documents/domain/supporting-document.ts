import type { ServiceKind } from '../../domain/service-kind';
import { addMonths, frenchDate } from '../../../../platform/dates';

/**
 * Supporting documents ("pièces justificatives"): staff define kinds of proof; a guardian sends
 * files for them; staff accept (until a date, or for good) or reject (with a reason) each file.
 * The state of a proof is derived from its files; nothing here knows Nest or the database.
 */

export const KIND_LEVELS = ['family', 'child'] as const;
/** `family`: one proof for the family (proof of address, tax notice); `child`: one per child (vaccination record) */
export type KindLevel = (typeof KIND_LEVELS)[number];

/** `proof-of-address`: lower-case letters and digits in words joined by hyphens; never changes (events, completeness codes use it) */
export const KIND_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_VALIDITY_MONTHS = 120;

export interface DocumentKind {
  id: string;
  code: string;
  /** French, as a guardian reads it: "Justificatif de domicile" */
  label: string;
  description: string | null;
  level: KindLevel;
  /** the kinds of service that need a valid proof of this kind */
  requiredFor: ServiceKind[];
  /** how long an accepted proof stays valid; null = no expiry */
  validityMonths: number | null;
  active: boolean;
}

/** What staff decided about a file (`sent` = not yet). */
export type DocumentStatus = 'sent' | 'accepted' | 'rejected';
/** A file's state on a given day: an accepted file past its date is `expired`. */
export type FileState = DocumentStatus | 'expired';
/** The state of a proof (a kind, for the family or for one child). */
export type ProofState = 'missing' | FileState;

/** The facts of a sent file that decide the state of its proof. */
export interface DocumentFacts {
  status: DocumentStatus;
  uploadedAt: Date;
  /** accepted files: the last day it is valid (inclusive); null = no expiry */
  validUntil: string | null;
  rejectionReason: string | null;
}

export interface Proof {
  state: ProofState;
  /** `accepted`: valid until this day (null = no expiry); `expired`: the day it stopped being valid */
  validUntil: string | null;
  /** `rejected`: why */
  rejectionReason: string | null;
}

export function fileState(file: DocumentFacts, today: string): FileState {
  return file.status === 'accepted' && file.validUntil !== null && file.validUntil < today ? 'expired' : file.status;
}

/**
 * A proof is `accepted` while one of its files is accepted and valid today (the longest validity
 * is shown); else `sent` while a file awaits review; else it is what staff said last: `rejected`
 * (with the reason) or `expired`; `missing` when no file was ever sent.
 */
export function proofOf(files: DocumentFacts[], today: string): Proof {
  const valid = files.filter((f) => fileState(f, today) === 'accepted');
  if (valid.length) {
    const validUntil = valid.some((f) => f.validUntil === null) ? null : valid.map((f) => f.validUntil!).sort().at(-1)!;
    return { state: 'accepted', validUntil, rejectionReason: null };
  }
  if (files.some((f) => f.status === 'sent')) return { state: 'sent', validUntil: null, rejectionReason: null };
  const latest = [...files].sort((a, b) => b.uploadedAt.getTime() - a.uploadedAt.getTime())[0];
  if (!latest) return { state: 'missing', validUntil: null, rejectionReason: null };
  if (latest.status === 'rejected') return { state: 'rejected', validUntil: null, rejectionReason: latest.rejectionReason };
  return { state: 'expired', validUntil: latest.validUntil, rejectionReason: null };
}

/**
 * What a guardian reads when a proof blocks a service, or undefined when the proof is valid:
 * "Justificatif de domicile : pièce à fournir.", "Carnet de vaccination de Léo : pièce refusée (illisible)."
 */
export function missingProofMessage(label: string, proof: Proof, childFirstName?: string): string | undefined {
  const subject = childFirstName ? `${label} ${of(childFirstName)}` : label;
  switch (proof.state) {
    case 'accepted':
      return undefined;
    case 'missing':
      return `${subject} : pièce à fournir.`;
    case 'sent':
      return `${subject} : pièce en attente de validation.`;
    case 'rejected':
      return `${subject} : pièce refusée (${proof.rejectionReason}).`;
    case 'expired':
      return `${subject} : pièce expirée le ${frenchDate(proof.validUntil!)}.`;
  }
}

/** "de Léo", "d’Inès". */
function of(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

/** Until when an accepted file is valid when staff do not say: the review day plus the kind's validity, or for good. */
export function defaultValidUntil(reviewDay: string, validityMonths: number | null): string | null {
  return validityMonths === null ? null : addMonths(reviewDay, validityMonths);
}
