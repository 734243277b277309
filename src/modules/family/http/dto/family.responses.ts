import { ApiProperty } from '@nestjs/swagger';
import type { FamilyRecord } from '../../infrastructure/family.repository';
import { FamilyFileResponse } from './family-file.responses';

export class GuardianResponse {
  @ApiProperty() id: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstName: string;
  @ApiProperty() email: string;
  @ApiProperty({ example: '+33612345678' }) mobile: string;
  @ApiProperty({ description: 'has activated an account' }) activated: boolean;
}

export class ChildResponse {
  @ApiProperty() id: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ example: '2016-03-14' }) birthDate: string;
}

export class FamilyResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: [GuardianResponse] }) guardians: GuardianResponse[];
  @ApiProperty({ type: [ChildResponse] }) children: ChildResponse[];
}

export class FamilyWithFileResponse extends FamilyResponse {
  @ApiProperty({ type: FamilyFileResponse }) file: FamilyFileResponse;
}

export class FamilySummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: [String], example: ['Marie Dupont'] }) guardians: string[];
  @ApiProperty() children: number;
}

export class ImportReportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() families: number;
  @ApiProperty() guardians: number;
  @ApiProperty() children: number;
}

export function toResponse(f: FamilyRecord): FamilyResponse {
  return { id: f.id, reference: f.reference, guardians: f.guardians, children: f.children };
}
