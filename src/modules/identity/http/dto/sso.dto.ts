import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

const NO_STATE = 'manquant ou invalide : recommencez la connexion depuis Guichet';

/** The provider's answer on the redirect URI (authorization response, RFC 6749 §4.1.2, RFC 9207). Other parameters are ignored. */
export class SsoCallbackQuery {
  @ApiProperty({ description: 'the state Guichet sent' })
  @IsString({ message: NO_STATE })
  @Length(1, 512, { message: NO_STATE })
  state: string;

  @ApiPropertyOptional({ description: 'authorization code (success)' }) @IsOptional() @IsString() @MaxLength(4096) code?: string;
  @ApiPropertyOptional({ description: 'issuer identifier (RFC 9207)' }) @IsOptional() @IsString() @MaxLength(2048) iss?: string;
  @ApiPropertyOptional({ example: 'access_denied' }) @IsOptional() @IsString() @MaxLength(200) error?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) error_description?: string;
}

export class CsrfTokenResponse {
  @ApiProperty({ description: 'send it back in the X-CSRF-Token header of every state-changing request made with the session cookie' })
  csrfToken: string;
}

export class LogoutResponse {
  @ApiProperty({
    description: 'EduConnect session: open this address (full-page navigation) so that the provider session ends too; it comes back to PUBLIC_URL',
    example: 'https://educonnect.example/logout?id_token_hint=…&post_logout_redirect_uri=…',
  })
  providerLogoutUrl: string;
}
