import { Injectable } from '@nestjs/common';
import type { ServiceKind } from '../../domain/service-kind';
import { FamilyDocumentsView, familyDocumentsView } from '../domain/documents-view';
import { missingProofMessage, proofOf } from '../domain/supporting-document';
import { DocumentKindRepository } from '../infrastructure/document-kind.repository';
import { DocumentRepository } from '../infrastructure/document.repository';

export interface MissingProof {
  /** `document:<kind code>` */
  code: string;
  /** French, for the guardian: "Justificatif de domicile : pièce à fournir." */
  message: string;
}

/**
 * What the rest of the family module asks of the supporting documents: what blocks a service
 * (completeness check) and the per-kind view of a family (its page, the staff's, the data export).
 */
@Injectable()
export class SupportingDocuments {
  constructor(
    private readonly kinds: DocumentKindRepository,
    private readonly documents: DocumentRepository,
  ) {}

  /**
   * For every active kind of proof that `kind` of service requires (family-level kinds: for the
   * family; child-level kinds: for this child), an entry unless a proof accepted and valid on
   * `today` (YYYY-MM-DD) exists; the message says what is missing and in what state it is.
   */
  async missingFor(familyId: string, childId: string, kind: ServiceKind, today: string): Promise<{ code: string; message: string }[]> {
    const required = await this.kinds.requiredFor(kind);
    if (required.length === 0) return [];
    const files = await this.documents.ofFamilyAndChild(familyId, childId, required.map((k) => k.id));
    const child = required.some((k) => k.level === 'child') ? await this.documents.childOfFamily(familyId, childId) : undefined;
    const missing: MissingProof[] = [];
    for (const k of required) {
      const proof = proofOf(files.filter((f) => f.kindId === k.id && f.childId === (k.level === 'child' ? childId : null)), today);
      const message = missingProofMessage(k.label, proof, k.level === 'child' ? child?.firstName : undefined);
      if (message) missing.push({ code: `document:${k.code}`, message });
    }
    return missing;
  }

  /** Every active kind that applies to the family and to each child, with its state and the files sent (`today`: YYYY-MM-DD). */
  async forFamily(familyId: string, today: string): Promise<FamilyDocumentsView> {
    const [kinds, children, files] = [await this.kinds.forFamily(familyId), await this.documents.children(familyId), await this.documents.ofFamily(familyId)];
    return familyDocumentsView(kinds, children, files, today);
  }
}
