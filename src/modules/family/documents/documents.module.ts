import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DocumentKindsService } from './application/document-kinds.service';
import { DocumentStorage } from './application/document-storage';
import { DocumentsService } from './application/documents.service';
import { SupportingDocuments } from './application/supporting-documents';
import './domain/documents.events';
import { FamilyDocumentsController } from './http/family-documents.controller';
import { StaffDocumentKindsController } from './http/staff-document-kinds.controller';
import { StaffDocumentsController } from './http/staff-documents.controller';
import { DocumentKindRepository } from './infrastructure/document-kind.repository';
import { DocumentRepository } from './infrastructure/document.repository';
import { LocalDocumentStorage } from './infrastructure/local.document-storage';
import { S3DocumentStorage } from './infrastructure/s3.document-storage';

/**
 * Supporting documents ("pièces justificatives"): kinds of proof, uploads, review, storage (a local
 * folder or an S3-compatible service, by DOCUMENTS_STORAGE). Exports SupportingDocuments to the
 * rest of the family module. See README.md in this folder.
 */
@Module({
  controllers: [FamilyDocumentsController, StaffDocumentsController, StaffDocumentKindsController],
  providers: [
    DocumentKindRepository,
    DocumentRepository,
    DocumentKindsService,
    DocumentsService,
    SupportingDocuments,
    {
      provide: DocumentStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): DocumentStorage =>
        config.documents.storage === 's3' ? new S3DocumentStorage(config.documents.s3!) : new LocalDocumentStorage(config.documents.dir),
    },
  ],
  exports: [SupportingDocuments],
})
export class DocumentsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: DocumentStorage,
  ) {}

  /** The API creates the local folder at start: a folder it cannot create stops the start, not the first upload. */
  async onModuleInit(): Promise<void> {
    if (this.config.role !== 'worker' && this.storage instanceof LocalDocumentStorage) await this.storage.prepare();
  }

  onApplicationShutdown(): void {
    if (this.storage instanceof S3DocumentStorage) this.storage.close();
  }
}
