import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { TransactionHost } from '../../../../platform/database/transaction-host';
import { EventPublisher } from '../../../../platform/events';
import type { FieldError } from '../../../../platform/http';
import { todayInParis } from '../../../../platform/dates';
import { DocumentsError } from '../domain/documents.errors';
import { detectDocumentType, documentFileName } from '../domain/file-signature';
import { defaultValidUntil, DocumentKind, DocumentStatus } from '../domain/supporting-document';
import { DocumentKindRepository } from '../infrastructure/document-kind.repository';
import { DocumentRecord, DocumentRepository, QueuedDocument, Review } from '../infrastructure/document.repository';
import { DocumentStorage } from './document-storage';

/** Files of one proof that may await review at once: enough for a document in several pages, not a way to fill the storage. */
export const MAX_AWAITING_REVIEW = 5;

export interface Submission {
  familyId: string;
  /** the guardian's account */
  accountId: string;
  kindId: string;
  childId: string | null;
  /** the name the browser sent, if any */
  fileName: string | undefined;
  content: Buffer;
}

/** A guardian sends a file for a kind of proof; staff review it; the family and staff download it. */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly txHost: TransactionHost,
    private readonly kinds: DocumentKindRepository,
    private readonly documents: DocumentRepository,
    private readonly storage: DocumentStorage,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Checks the file (PDF, JPEG or PNG by its first bytes) and what it is for (an active kind; a
   * child of this family for a child-level kind, none for a family-level one), stores the file,
   * then records it with its event; if recording fails, the stored file is deleted.
   */
  async submit(s: Submission): Promise<DocumentRecord> {
    const type = detectDocumentType(s.content);
    const errors: FieldError[] = [];
    if (s.content.length === 0) errors.push({ field: 'file', message: 'Le fichier est vide.' });
    else if (!type) errors.push({ field: 'file', message: 'Le fichier doit être un PDF, une image JPEG ou une image PNG (son type est lu dans son contenu, pas dans son nom).' });
    errors.push(...(await this.checkTarget(await this.kinds.find(s.kindId), s)));
    if (errors.length) throw new DocumentsError('unprocessable', 'invalid-document', errors.length === 1 ? errors[0].message : 'Le document ne peut pas être enregistré.', errors);
    if ((await this.documents.countAwaitingReview(s.familyId, s.childId, s.kindId)) >= MAX_AWAITING_REVIEW) {
      throw new DocumentsError('conflict', 'too-many-awaiting-review', `${MAX_AWAITING_REVIEW} fichiers de cette pièce attendent déjà d’être examinés : attendez leur examen avant d’en envoyer d’autres.`);
    }

    const id = randomUUID();
    const storageKey = randomUUID();
    try {
      await this.storage.put(storageKey, s.content, type!);
    } catch (err) {
      this.logger.error({ err: { type: (err as Error).name, message: (err as Error).message }, storageKey }, 'document storage refused a file');
      throw new DocumentsError('unavailable', 'storage-unavailable', 'Le stockage des documents est momentanément indisponible : réessayez dans quelques minutes.');
    }
    try {
      await this.txHost.withTransaction(async () => {
        // again under a share lock: the kind may have been deactivated, or its level changed, meanwhile
        const kind = await this.kinds.findForShare(s.kindId);
        const errors = await this.checkTarget(kind, s);
        if (errors.length) throw new DocumentsError('unprocessable', 'invalid-document', errors[0].message, errors);
        await this.documents.insert({
          id,
          familyId: s.familyId,
          childId: s.childId,
          kindId: s.kindId,
          fileName: documentFileName(s.fileName, type!),
          contentType: type!,
          size: s.content.length,
          sha256: createHash('sha256').update(s.content).digest(),
          storageKey,
          uploadedBy: s.accountId,
        });
        await this.events.publish('family.document.submitted.v1', id, { documentId: id, familyId: s.familyId, childId: s.childId, kindCode: kind!.code });
      });
    } catch (error) {
      await this.storage.delete(storageKey).catch((err: Error) => this.logger.error({ err: { type: err.name, message: err.message }, storageKey }, 'stored file of a failed submission not deleted'));
      throw error;
    }
    return (await this.documents.find(id))!;
  }

  private async checkTarget(kind: DocumentKind | undefined, s: Pick<Submission, 'familyId' | 'childId'>): Promise<FieldError[]> {
    if (!kind || !kind.active) return [{ field: 'kindId', message: 'Cette pièce justificative n’est pas (ou plus) demandée.' }];
    if (kind.level === 'child' && !s.childId) return [{ field: 'childId', message: `« ${kind.label} » se fournit pour un enfant : précisez lequel.` }];
    if (kind.level === 'family' && s.childId) return [{ field: 'childId', message: `« ${kind.label} » se fournit pour la famille : n’indiquez pas d’enfant.` }];
    if (s.childId && !(await this.documents.childOfFamily(s.familyId, s.childId))) return [{ field: 'childId', message: 'Cet enfant ne fait pas partie de votre famille.' }];
    return [];
  }

  /** Accepts a sent document until `validUntil`, by default the review day plus the kind's validity (or for good). */
  async accept(id: string, staffAccountId: string, validUntil: string | undefined): Promise<DocumentRecord> {
    const today = todayInParis();
    if (validUntil !== undefined && validUntil < today) {
      throw DocumentsError.field('unprocessable', 'valid-until-past', 'validUntil', 'La fin de validité ne peut pas être dans le passé.');
    }
    return this.review(id, staffAccountId, async (kind) => ({ outcome: 'accepted', validUntil: validUntil ?? defaultValidUntil(today, kind.validityMonths) }));
  }

  /** Rejects a sent document; the guardian reads the reason. */
  async reject(id: string, staffAccountId: string, reason: string): Promise<DocumentRecord> {
    return this.review(id, staffAccountId, async () => ({ outcome: 'rejected', reason }));
  }

  private async review(id: string, staffAccountId: string, decide: (kind: DocumentKind) => Promise<Review>): Promise<DocumentRecord> {
    return this.txHost.withTransaction(async () => {
      const doc = await this.documents.find(id);
      if (!doc) throw documentNotFound();
      if (doc.status !== 'sent') throw alreadyReviewed(doc.status);
      const review = await decide((await this.kinds.find(doc.kindId))!);
      if (!(await this.documents.review(id, review, staffAccountId, new Date()))) throw alreadyReviewed((await this.documents.find(id))!.status);
      await this.events.publish('family.document.reviewed.v1', id, {
        documentId: id,
        familyId: doc.familyId,
        childId: doc.childId,
        kindCode: doc.kindCode,
        outcome: review.outcome,
        validUntil: review.outcome === 'accepted' ? review.validUntil : null,
      });
      return (await this.documents.find(id))!;
    });
  }

  list(status: DocumentStatus, limit: number, offset: number): Promise<QueuedDocument[]> {
    return this.documents.list(status, limit, offset);
  }

  /** A file of the family's own; another family's answers as if it did not exist. */
  async fileForFamily(id: string, familyId: string): Promise<{ document: DocumentRecord; content: Readable }> {
    const document = await this.documents.findOfFamily(id, familyId);
    if (!document) throw documentNotFound();
    return { document, content: await this.storage.get(document.storageKey) };
  }

  /** Any family's file, for staff; each download is recorded. */
  async fileForStaff(id: string, staffAccountId: string): Promise<{ document: DocumentRecord; content: Readable }> {
    const document = await this.documents.find(id);
    if (!document) throw documentNotFound();
    await this.documents.recordStaffAccess(id, staffAccountId);
    return { document, content: await this.storage.get(document.storageKey) };
  }

  familyExists(familyId: string): Promise<boolean> {
    return this.documents.familyExists(familyId);
  }
}

const documentNotFound = () => new DocumentsError('not_found', 'document-not-found', 'Document introuvable.');
const alreadyReviewed = (status: DocumentStatus) =>
  new DocumentsError('conflict', 'already-reviewed', `Ce document a déjà été examiné (${status === 'accepted' ? 'accepté' : 'refusé'}) : seul un document en attente de validation peut l’être.`);
