import { DocumentFacts, DocumentKind, FileState, fileState, KindLevel, Proof, proofOf, ProofState } from './supporting-document';
import type { DocumentType } from './file-signature';
import type { ServiceKind } from '../../domain/service-kind';

/** A file sent, as its family and staff see it. */
export interface SentFileView {
  id: string;
  fileName: string;
  contentType: DocumentType;
  size: number;
  state: FileState;
  /** ISO 8601 */
  uploadedAt: string;
  reviewedAt: string | null;
  validUntil: string | null;
  rejectionReason: string | null;
}

/** One proof (a kind, for the family or for one child): its state and the files sent for it. */
export interface ProofView {
  kind: { id: string; code: string; label: string; description: string | null; level: KindLevel; requiredFor: ServiceKind[]; validityMonths: number | null; active: boolean };
  state: ProofState;
  validUntil: string | null;
  rejectionReason: string | null;
  files: SentFileView[];
}

export interface FamilyDocumentsView {
  /** family-level kinds */
  family: ProofView[];
  /** child-level kinds, for each child */
  children: { childId: string; firstName: string; lastName: string; proofs: ProofView[] }[];
}

export interface SentFile extends DocumentFacts {
  id: string;
  kindId: string;
  childId: string | null;
  fileName: string;
  contentType: DocumentType;
  size: number;
  reviewedAt: Date | null;
}

/**
 * Every active kind that applies, with its state: family-level kinds once, child-level kinds for
 * each child. An inactive kind shows only where files were sent for it (the family's history).
 */
export function familyDocumentsView(kinds: DocumentKind[], children: { id: string; firstName: string; lastName: string }[], files: SentFile[], today: string): FamilyDocumentsView {
  const proofs = (level: KindLevel, childId: string | null): ProofView[] =>
    kinds
      .filter((k) => k.level === level)
      .map((kind) => ({ kind, files: files.filter((f) => f.kindId === kind.id && f.childId === childId) }))
      .filter(({ kind, files }) => kind.active || files.length > 0)
      .map(({ kind, files }) => proofView(kind, files, today));
  return {
    family: proofs('family', null),
    children: children.map((c) => ({ childId: c.id, firstName: c.firstName, lastName: c.lastName, proofs: proofs('child', c.id) })),
  };
}

function proofView(kind: DocumentKind, files: SentFile[], today: string): ProofView {
  const proof: Proof = proofOf(files, today);
  return {
    kind: { id: kind.id, code: kind.code, label: kind.label, description: kind.description, level: kind.level, requiredFor: kind.requiredFor, validityMonths: kind.validityMonths, active: kind.active },
    ...proof,
    files: files.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      contentType: f.contentType,
      size: f.size,
      state: fileState(f, today),
      uploadedAt: f.uploadedAt.toISOString(),
      reviewedAt: f.reviewedAt?.toISOString() ?? null,
      validUntil: f.validUntil,
      rejectionReason: f.rejectionReason,
    })),
  };
}
