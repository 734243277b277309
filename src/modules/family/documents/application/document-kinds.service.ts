import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../../platform/database/transaction-host';
import { DocumentsError } from '../domain/documents.errors';
import type { DocumentKind } from '../domain/supporting-document';
import { DocumentKindChanges, DocumentKindRepository, NewDocumentKind } from '../infrastructure/document-kind.repository';

/** Staff define the kinds of proof asked for (the shape and value rules are checked at the edge: http/dto). */
@Injectable()
export class DocumentKindsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly kinds: DocumentKindRepository,
  ) {}

  list(): Promise<DocumentKind[]> {
    return this.kinds.list();
  }

  async create(kind: NewDocumentKind, staffAccountId: string): Promise<DocumentKind> {
    try {
      return await this.kinds.insert(kind, staffAccountId);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw DocumentsError.field('conflict', 'kind-code-taken', 'code', `Le code ${kind.code} est déjà celui d’une autre pièce justificative.`);
      throw error;
    }
  }

  /** The level (family or child) can change only while no file was sent for the kind. */
  async update(id: string, changes: DocumentKindChanges): Promise<DocumentKind> {
    return this.txHost.withTransaction(async () => {
      const kind = await this.kinds.findForUpdate(id);
      if (!kind) throw notFound();
      if (changes.level !== undefined && changes.level !== kind.level && (await this.kinds.hasDocuments(id))) {
        throw DocumentsError.field('conflict', 'kind-level-locked', 'level', 'Des pièces ont déjà été envoyées pour ce type : il ne peut plus passer de la famille à l’enfant ou inversement. Désactivez-le et créez-en un autre.');
      }
      return (await this.kinds.update(id, changes))!;
    });
  }

  async setActive(id: string, active: boolean): Promise<DocumentKind> {
    const kind = await this.kinds.update(id, { active });
    if (!kind) throw notFound();
    return kind;
  }
}

const notFound = () => new DocumentsError('not_found', 'kind-not-found', 'Type de pièce justificative introuvable.');
