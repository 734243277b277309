import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../../../platform/http';

const UUID = { message: 'doit être un identifiant (UUID)' };

export class UnpaidQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) officeId: string;
  @ApiPropertyOptional({ default: false, description: 'only the invoices past their due date' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'doit valoir true ou false' })
  overdueOnly?: boolean;
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class ExportQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) officeId: string;
  @ApiProperty({ example: '2026-11-01', description: 'first day of the period' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-11-30', description: 'last day of the period' }) @IsCalendarDate() to: string;
}
