import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_CHILDREN, MAX_GUARDIANS } from '../../domain/family-draft';

/** Shape only; the rules (names, e-mail, mobile, dates, duplicates) are in domain/family-draft.ts. */
export class GuardianRequest {
  @ApiProperty({ example: 'Dupont' }) @IsString() @MaxLength(200) lastName: string;
  @ApiProperty({ example: 'Marie' }) @IsString() @MaxLength(200) firstName: string;
  @ApiProperty({ example: 'marie.dupont@exemple.fr' }) @IsString() @MaxLength(320) email: string;
  @ApiProperty({ example: '06 12 34 56 78', description: 'mobile number; stored in E.164' }) @IsString() @MaxLength(40) mobile: string;
}

export class ChildRequest {
  @ApiProperty({ example: 'Dupont' }) @IsString() @MaxLength(200) lastName: string;
  @ApiProperty({ example: 'Léo' }) @IsString() @MaxLength(200) firstName: string;
  @ApiProperty({ example: '2016-03-14', description: 'YYYY-MM-DD' }) @IsString() @MaxLength(20) birthDate: string;
}

export class CreateFamilyRequest {
  @ApiPropertyOptional({ example: 'F-0001', description: "the establishment's own reference, unique" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;

  @ApiProperty({ type: [GuardianRequest], description: `1 to ${MAX_GUARDIANS} legal guardians` })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(MAX_GUARDIANS + 1)
  @ValidateNested({ each: true })
  @Type(() => GuardianRequest)
  guardians: GuardianRequest[];

  @ApiProperty({ type: [ChildRequest], description: `1 to ${MAX_CHILDREN} children` })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(MAX_CHILDREN + 1)
  @ValidateNested({ each: true })
  @Type(() => ChildRequest)
  children: ChildRequest[];
}

export class ImportFamiliesQuery {
  @ApiPropertyOptional({ description: 'check the file and report, record nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'doit valoir true ou false' })
  dryRun?: boolean;
}

export class SearchFamiliesQuery {
  @ApiPropertyOptional({ description: 'reference, guardian name or e-mail, child name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
