import { ApiProperty } from '@nestjs/swagger';

export class ActivationStartedResponse {
  @ApiProperty({ description: 'keep it for the next steps of this activation' }) activationToken: string;
  @ApiProperty() codeExpiresAt: Date;
  @ApiProperty({ example: 'Si ces informations correspondent à un responsable connu de l’établissement, un code vient d’être envoyé par SMS.' }) message: string;
}

export class CodeResentResponse {
  @ApiProperty() codeExpiresAt: Date;
  @ApiProperty() message: string;
}

export class ChildToConfirmResponse {
  @ApiProperty() childId: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstName: string;
}

export class CodeVerifiedResponse {
  @ApiProperty({ type: [ChildToConfirmResponse], description: '« Je suis le représentant légal de cet élève ? » for each' }) children: ChildToConfirmResponse[];
}

export class ChildrenConfirmedResponse {
  @ApiProperty({ description: 'the e-mail address on file, proposed as login (or the login of the account just linked)' }) email: string;
  @ApiProperty({ description: 'true when the activation only linked an EduConnect login to an existing account: nothing more to do, log in with EduConnect' })
  completed: boolean;
}

export class ActivationEmailSentResponse {
  @ApiProperty() email: string;
  @ApiProperty() message: string;
}

export class ActivationCompletedResponse {
  @ApiProperty({ description: 'the login of the new account' }) email: string;
  @ApiProperty({ description: 'the EduConnect login that started the activation is linked' }) ssoLinked: boolean;
  @ApiProperty() message: string;
}
