import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const EMAIL = { message: 'doit être une adresse e-mail valide' };

export class LoginRequest {
  @ApiProperty({ example: 'jeanne.martin@exemple.fr' })
  @Transform(trim)
  @IsEmail({}, EMAIL)
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Motdepasse9?' })
  @IsString()
  @Length(1, 128, { message: 'doit être renseigné (128 caractères au plus)' })
  password: string;
}

export class ChangePasswordRequest {
  @ApiProperty() @IsString() @Length(1, 128) currentPassword: string;
  @ApiProperty({ description: '≥ 8 caractères, une minuscule, une majuscule, un chiffre, un caractère spécial' })
  @IsString()
  @MaxLength(256)
  newPassword: string;
  @ApiProperty() @IsString() @MaxLength(256) confirmation: string;
}

export class ForgotPasswordRequest {
  @ApiProperty({ example: 'jeanne.martin@exemple.fr' })
  @Transform(trim)
  @IsEmail({}, EMAIL)
  @MaxLength(254)
  email: string;
}

export class ResetPasswordRequest {
  @ApiProperty({ description: 'the token of the e-mailed link' }) @IsString() @Length(16, 256) token: string;
  @ApiProperty() @IsString() @MaxLength(256) newPassword: string;
  @ApiProperty() @IsString() @MaxLength(256) confirmation: string;
}

export class ChangeEmailRequest {
  @ApiProperty({ example: 'nouvelle.adresse@exemple.fr' })
  @Transform(trim)
  @IsEmail({}, EMAIL)
  @MaxLength(254)
  newEmail: string;

  @ApiProperty() @IsString() @Length(1, 128) currentPassword: string;
}

export class ConfirmEmailRequest {
  @ApiProperty() @IsString() @Length(16, 256) token: string;
}

export class CreateStaffAccountRequest {
  @ApiProperty({ example: 'regie@mairie-exemple.fr' })
  @Transform(trim)
  @IsEmail({}, EMAIL)
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Régie périscolaire' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  displayName: string;

  @ApiProperty({ enum: ['staff', 'admin'] })
  @IsIn(['staff', 'admin'])
  role: 'staff' | 'admin';
}

export class ChangeRoleRequest {
  @ApiProperty({ enum: ['staff', 'admin'] })
  @IsIn(['staff', 'admin'], { message: 'doit valoir staff ou admin' })
  role: 'staff' | 'admin';
}

export class SearchAccountsQuery {
  @ApiPropertyOptional({ description: 'e-mail or name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
