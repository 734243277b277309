import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_KINDS, ServiceKind } from '../../../domain/service-kind';
import { DOCUMENT_TYPES, DocumentType } from '../../domain/file-signature';
import { DocumentKind, FileState, fileState, KIND_LEVELS, KindLevel, ProofState } from '../../domain/supporting-document';
import type { DocumentRecord, QueuedDocument } from '../../infrastructure/document.repository';

const FILE_STATES = ['sent', 'accepted', 'rejected', 'expired'];
const PROOF_STATES = ['missing', ...FILE_STATES];

export class DocumentKindResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'proof-of-address' }) code: string;
  @ApiProperty({ example: 'Justificatif de domicile' }) label: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: KIND_LEVELS }) level: KindLevel;
  @ApiProperty({ enum: SERVICE_KINDS, isArray: true }) requiredFor: ServiceKind[];
  @ApiProperty({ nullable: true, type: Number, description: 'null = no expiry' }) validityMonths: number | null;
  @ApiProperty() active: boolean;
}

export class DocumentResponse {
  @ApiProperty() id: string;
  @ApiProperty() kindId: string;
  @ApiProperty({ example: 'proof-of-address' }) kindCode: string;
  @ApiProperty({ nullable: true, type: String, description: 'child-level kinds' }) childId: string | null;
  @ApiProperty({ example: 'facture-edf.pdf', description: 'the sent name, with the extension of the real type' }) fileName: string;
  @ApiProperty({ enum: DOCUMENT_TYPES, description: 'read from the file’s contents' }) contentType: DocumentType;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ enum: FILE_STATES }) state: FileState;
  @ApiProperty() uploadedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-08-31', description: 'accepted: last day of validity; null = no expiry' }) validUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
}

class FamilyOfDocumentResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: [String], example: ['Marie Dupont'] }) guardians: string[];
}

class ChildOfDocumentResponse {
  @ApiProperty() id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

class KindOfDocumentResponse {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() label: string;
}

export class QueuedDocumentResponse extends DocumentResponse {
  @ApiProperty({ type: KindOfDocumentResponse }) kind: KindOfDocumentResponse;
  @ApiProperty({ type: FamilyOfDocumentResponse }) family: FamilyOfDocumentResponse;
  @ApiProperty({ type: ChildOfDocumentResponse, nullable: true }) child: ChildOfDocumentResponse | null;
}

class SentFileResponse {
  @ApiProperty() id: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) contentType: DocumentType;
  @ApiProperty() size: number;
  @ApiProperty({ enum: FILE_STATES }) state: FileState;
  @ApiProperty() uploadedAt: string;
  @ApiProperty({ nullable: true, type: String }) reviewedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason: string | null;
}

class ProofResponse {
  @ApiProperty({ type: DocumentKindResponse }) kind: DocumentKindResponse;
  @ApiProperty({ enum: PROOF_STATES }) state: ProofState;
  @ApiProperty({ nullable: true, type: String, description: 'accepted: valid until (null = no expiry); expired: the last day it was valid' }) validUntil: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'rejected: why' }) rejectionReason: string | null;
  @ApiProperty({ type: [SentFileResponse] }) files: SentFileResponse[];
}

class ChildProofsResponse {
  @ApiProperty() childId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ type: [ProofResponse] }) proofs: ProofResponse[];
}

export class FamilyDocumentsResponse {
  @ApiProperty({ type: [ProofResponse], description: 'family-level kinds' }) family: ProofResponse[];
  @ApiProperty({ type: [ChildProofsResponse], description: 'child-level kinds, for each child' }) children: ChildProofsResponse[];
}

export function toKindResponse(k: DocumentKind): DocumentKindResponse {
  return { id: k.id, code: k.code, label: k.label, description: k.description, level: k.level, requiredFor: k.requiredFor, validityMonths: k.validityMonths, active: k.active };
}

export function toDocumentResponse(d: DocumentRecord, today: string): DocumentResponse {
  return {
    id: d.id,
    kindId: d.kindId,
    kindCode: d.kindCode,
    childId: d.childId,
    fileName: d.fileName,
    contentType: d.contentType,
    size: d.size,
    state: fileState(d, today),
    uploadedAt: d.uploadedAt,
    reviewedAt: d.reviewedAt,
    validUntil: d.validUntil,
    rejectionReason: d.rejectionReason,
  };
}

export function toQueuedResponse(d: QueuedDocument, today: string): QueuedDocumentResponse {
  return {
    ...toDocumentResponse(d, today),
    kind: { id: d.kindId, code: d.kindCode, label: d.kindLabel },
    family: { id: d.familyId, reference: d.familyReference, guardians: d.guardians },
    child: d.child,
  };
}
