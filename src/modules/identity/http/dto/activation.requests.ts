import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const REQUIRED = (label: string) => ({ message: `Veuillez renseigner le champ « ${label} ».` });

export class StartActivationRequest {
  @ApiProperty({ example: 'Dupont' }) @Transform(trim) @MaxLength(100) @IsString(REQUIRED('Nom')) @IsNotEmpty(REQUIRED('Nom')) lastName: string;
  @ApiProperty({ example: 'Marie' }) @Transform(trim) @MaxLength(100) @IsString(REQUIRED('Prénom')) @IsNotEmpty(REQUIRED('Prénom')) firstName: string;
  @ApiProperty({ example: '+33 6 12 34 56 78', description: 'the mobile number given to the establishment' })
  @MaxLength(40)
  @IsString(REQUIRED('N° de téléphone portable'))
  @IsNotEmpty(REQUIRED('N° de téléphone portable'))
  mobile: string;

  @ApiPropertyOptional({ description: 'the `sso` parameter of /activation?sso=… after an EduConnect login not yet linked to an account' })
  @IsOptional()
  @IsString()
  @Length(16, 256, { message: 'lien EduConnect invalide' })
  ssoTicket?: string;
}

class ActivationTokenField {
  @ApiProperty({ description: 'the token returned when the activation started' })
  @IsString()
  @Length(16, 256, { message: "jeton d'activation invalide" })
  activationToken: string;
}

export class ResendCodeRequest extends ActivationTokenField {}

export class VerifyCodeRequest extends ActivationTokenField {
  @ApiProperty({ example: '123456' })
  @Transform(trim)
  @Matches(/^\d{6}$/, { message: 'Le code reçu par SMS a 6 chiffres.' })
  @IsString(REQUIRED('Code'))
  @IsNotEmpty(REQUIRED('Code'))
  code: string;
}

export class ChildAnswerRequest {
  @ApiProperty() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) childId: string;
  @ApiProperty({ description: '« Je suis le représentant légal de cet élève ? » Oui (true) / Non (false)' })
  @IsBoolean({ message: 'répondez Oui ou Non' })
  isLegalGuardian: boolean;
  @ApiPropertyOptional({ example: '2016-03-14', description: 'required for « Oui »' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'doit être une date AAAA-MM-JJ' })
  birthDate?: string;
}

export class ConfirmChildrenRequest extends ActivationTokenField {
  @ApiProperty({ type: [ChildAnswerRequest] })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChildAnswerRequest)
  children: ChildAnswerRequest[];
}

export class ChooseCredentialsRequest extends ActivationTokenField {
  @ApiProperty({ example: 'marie.dupont@exemple.fr', description: 'the login; a confirmation link is sent to it' })
  @Transform(trim)
  @IsEmail({}, { message: 'doit être une adresse e-mail valide' })
  @MaxLength(254)
  email: string;
  @ApiPropertyOptional({ description: '≥ 8 caractères, une minuscule, une majuscule, un chiffre, un caractère spécial; optional only for an activation started from EduConnect' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) passwordConfirmation?: string;
}

export class ConfirmActivationEmailRequest {
  @ApiProperty({ description: 'the token of the e-mailed link' }) @IsString() @Length(16, 256) token: string;
}
