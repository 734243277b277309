import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';

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
