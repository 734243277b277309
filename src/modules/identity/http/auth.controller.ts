import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { CurrentPrincipal, Principal, Public, tokenFrom } from '../../../platform/http';
import { AuthService } from '../application/auth.service';
import { SsoLoginService } from '../application/sso-login.service';
import { IdentityError } from '../domain/identity.errors';
import { AccountRepository } from '../infrastructure/account.repository';
import { csrfTokenFor } from '../infrastructure/session.repository';
import { sessionCookie } from './cookies';
import {
  ChangeEmailRequest,
  ChangePasswordRequest,
  ConfirmEmailRequest,
  ForgotPasswordRequest,
  LoginRequest,
  ResetPasswordRequest,
} from './dto/auth.requests';
import { AcceptedResponse, MeResponse, SessionResponse, TokenResponse } from './dto/auth.responses';
import { CsrfTokenResponse, LogoutResponse } from './dto/sso.dto';
import { contextOf } from './request-context';

const SAME_ANSWER = 'Si un compte correspond à cette adresse, un e-mail vient de lui être envoyé.';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountRepository,
    private readonly sso: SsoLoginService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Web client login: sets the httpOnly session cookie; returns the CSRF token' })
  @ApiOkResponse({ type: SessionResponse })
  async login(@Body() body: LoginRequest, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionResponse> {
    const session = await this.auth.login(body.email, body.password, contextOf(request));
    reply.header('set-cookie', sessionCookie(session.token, session.expiresAt, this.config.identity.cookieSecure));
    return { accountId: session.accountId, role: session.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'API client login: returns a bearer token (no cookie, no CSRF)' })
  @ApiOkResponse({ type: TokenResponse })
  async token(@Body() body: LoginRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    const session = await this.auth.login(body.email, body.password, contextOf(request));
    return { token: session.token, expiresAt: session.expiresAt.toISOString() };
  }

  @Post('logout')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ends the current session; after an EduConnect login, also gives the address that ends the provider session' })
  @ApiNoContentResponse({ description: 'session ended' })
  @ApiOkResponse({ type: LogoutResponse, description: 'EduConnect session ended here; open providerLogoutUrl to end it at the provider too' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const providerLogoutUrl = await this.sso.providerLogoutUrl(principal.sessionId);
    await this.auth.logout(principal, contextOf(request));
    reply.header('set-cookie', sessionCookie('', null, this.config.identity.cookieSecure));
    if (providerLogoutUrl) reply.status(200).send({ providerLogoutUrl } satisfies LogoutResponse);
    else reply.status(204).send();
  }

  @Get('csrf')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: "The CSRF token of the cookie session, for a web client that does not have it (after an EduConnect login, a page reload)" })
  @ApiOkResponse({ type: CsrfTokenResponse })
  csrf(@Req() request: FastifyRequest): CsrfTokenResponse {
    return { csrfToken: csrfTokenFor(tokenFrom(request)!.token) };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    const account = await this.accounts.findById(principal.accountId);
    if (!account) throw new IdentityError('unauthenticated', 'account-gone', 'Veuillez vous connecter.');
    return { accountId: account.id, email: account.email, displayName: account.displayName, role: account.role };
  }

  @Post('password/change')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Current password + new + confirmation; ends the other sessions' })
  @ApiNoContentResponse()
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordRequest, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.changePassword(principal, body.currentPassword, body.newPassword, body.confirmation, contextOf(request));
  }

  @Post('password/forgot')
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Lost password: e-mails a single-use link valid 1 hour; same answer whether the address exists or not' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  async forgot(@Body() body: ForgotPasswordRequest, @Req() request: FastifyRequest): Promise<AcceptedResponse> {
    await this.auth.forgotPassword(body.email, contextOf(request));
    return { message: SAME_ANSWER };
  }

  @Post('password/reset')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sets a new password with the e-mailed link; ends every session' })
  @ApiNoContentResponse()
  async reset(@Body() body: ResetPasswordRequest, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.resetPassword(body.token, body.newPassword, body.confirmation, contextOf(request));
  }

  @Post('email/change')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Login e-mail change: a link goes to the new address; the login stays the old one until confirmed' })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  async changeEmail(@CurrentPrincipal() principal: Principal, @Body() body: ChangeEmailRequest, @Req() request: FastifyRequest): Promise<AcceptedResponse> {
    await this.auth.requestEmailChange(principal, body.newEmail, body.currentPassword, contextOf(request));
    return { message: `Un e-mail de confirmation a été envoyé à ${body.newEmail}. Votre identifiant reste inchangé jusqu'à sa validation.` };
  }

  @Post('email/confirm')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirms the new login e-mail with the link sent to it' })
  @ApiNoContentResponse()
  async confirmEmail(@Body() body: ConfirmEmailRequest, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.confirmEmailChange(body.token, contextOf(request));
  }
}
