import { ApiProperty } from '@nestjs/swagger';

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ['guardian', 'staff', 'admin'] }) role: string;
  @ApiProperty({ description: 'send it back in the X-CSRF-Token header of every state-changing request made with the cookie' })
  csrfToken: string;
  @ApiProperty() expiresAt: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'bearer token for API clients: Authorization: Bearer …' }) token: string;
  @ApiProperty() expiresAt: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['guardian', 'staff', 'admin'] }) role: string;
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['guardian', 'staff', 'admin'] }) role: string;
}

export class AccountSummaryResponse extends AccountResponse {
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: Date;
}

export class AcceptedResponse {
  @ApiProperty({ example: 'Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé.' }) message: string;
}
