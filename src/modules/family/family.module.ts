import { Module } from '@nestjs/common';

/** Family file, child file, contacts, authorizations and supporting documents (schema `family`). */
@Module({})
export class FamilyModule {}
