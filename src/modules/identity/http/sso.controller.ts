import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ProblemDetails, Public } from '../../../platform/http';
import { ATTEMPT_TTL_SECONDS } from '../application/sso-login.service';
import { httpOnlyCookie, sessionCookie } from './cookies';
import { SSO_BROWSER_COOKIE, SsoCallbackGuard, SsoHttpRequest, SsoLoginGuard } from './sso.guard';

/**
 * "Se connecter avec EduConnect": the browser goes to the OpenID provider and comes back to the
 * callback, which opens a session (subject linked to an account) or sends the parent to the
 * activation with a link ticket (subject not linked yet). The work is in the guards.
 */
@ApiTags('auth')
@Controller('auth/sso')
export class SsoController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('login')
  @Public()
  @UseGuards(SsoLoginGuard)
  @ApiOperation({
    summary: 'Starts an EduConnect login: redirects the browser to the OpenID provider (authorization code flow, state, nonce, S256 PKCE)',
    description: `Sets the \`${SSO_BROWSER_COOKIE}\` cookie (httpOnly, ${ATTEMPT_TTL_SECONDS / 60} minutes) that binds the login to this browser. Open it as a page, not with fetch.`,
  })
  @ApiFoundResponse({ description: "Location: the provider's authorization endpoint" })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'SSO is not offered (no OIDC_ISSUER, in production)' })
  @ApiTooManyRequestsResponse({ type: ProblemDetails })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'the provider cannot be reached' })
  login(@Req() request: SsoHttpRequest, @Res() reply: FastifyReply): void {
    const { location, browserToken } = request.ssoStart!;
    reply.header('set-cookie', httpOnlyCookie(SSO_BROWSER_COOKIE, browserToken, ATTEMPT_TTL_SECONDS, this.config.identity.cookieSecure));
    reply.redirect(location, 302);
  }

  @Get('callback')
  @Public()
  @UseGuards(SsoCallbackGuard)
  @ApiOperation({
    summary: "The provider's answer (redirect URI, OIDC_REDIRECT_URI): checks it, then opens a session or asks for the account to be linked",
    description:
      'Linked subject: sets the `guichet_session` cookie (as POST /auth/login does; the web client gets its CSRF token from GET /auth/csrf) ' +
      'and redirects to PUBLIC_URL/. Subject not linked yet: no session; redirects to PUBLIC_URL/activation?sso=<ticket> ' +
      '(single-use ticket, 30 minutes), never linked by e-mail.',
  })
  @ApiQuery({ name: 'state', required: true })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'iss', required: false })
  @ApiQuery({ name: 'error', required: false, example: 'access_denied' })
  @ApiQuery({ name: 'error_description', required: false })
  @ApiFoundResponse({ description: 'Location: PUBLIC_URL/ (session opened) or PUBLIC_URL/activation?sso=<ticket>' })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'state missing, unknown, used, expired, or from another browser (field `state`)' })
  @ApiUnauthorizedResponse({
    type: ProblemDetails,
    description: 'cancelled at the provider (identity.sso-cancelled), provider error, or an answer that fails verification (identity.sso-rejected)',
  })
  @ApiForbiddenResponse({ type: ProblemDetails, description: 'the linked account is disabled' })
  @ApiServiceUnavailableResponse({ type: ProblemDetails })
  callback(@Req() request: SsoHttpRequest, @Res() reply: FastifyReply): void {
    const outcome = request.ssoOutcome!;
    const secure = this.config.identity.cookieSecure;
    const cookies = [httpOnlyCookie(SSO_BROWSER_COOKIE, '', 0, secure)];
    if (outcome.kind === 'link') {
      reply.header('set-cookie', cookies);
      reply.redirect(`${this.config.publicUrl}/activation?sso=${encodeURIComponent(outcome.ticket)}`, 302);
      return;
    }
    reply.header('set-cookie', [...cookies, sessionCookie(outcome.session.token, outcome.session.expiresAt, secure)]);
    reply.redirect(`${this.config.publicUrl}/`, 302);
  }
}
