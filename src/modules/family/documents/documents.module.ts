import { Module } from '@nestjs/common';

/** Supporting documents ("pièces justificatives"): kinds of proof, uploads, review, storage. */
@Module({})
export class DocumentsModule {}
