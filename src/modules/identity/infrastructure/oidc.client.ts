import { Inject, Injectable, Logger } from '@nestjs/common';
import { BaseClient, custom, Issuer } from 'openid-client';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { IdentityError } from '../domain/identity.errors';

const UNAVAILABLE = 'EduConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse e-mail.';

/** The provider cannot be reached or describes itself wrongly: SSO is unavailable for now (503). */
const unavailable = () => new IdentityError('unavailable', 'sso-unavailable', UNAVAILABLE);

/** Seconds of clock difference tolerated with the provider when checking iat/exp. */
const CLOCK_TOLERANCE_SECONDS = 10;

/**
 * The OpenID provider (EduConnect, or the development provider), as an openid-client `Client`:
 * its metadata are discovered from OIDC_ISSUER on first use, not at start, so that Guichet starts
 * while the provider is down; a failed discovery is retried at the next use. Keys (JWKS) are
 * fetched by openid-client when needed, again when an unknown key id shows up (key rotation).
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger('Sso');
  private client?: Promise<BaseClient>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.sso.issuer !== undefined;
  }

  async get(): Promise<BaseClient> {
    if (!this.enabled) {
      throw new IdentityError('not_found', 'sso-disabled', "La connexion avec EduConnect n'est pas proposée sur ce portail : connectez-vous avec votre adresse e-mail.");
    }
    this.client ??= this.discover().catch((err: unknown) => {
      this.client = undefined;
      throw err;
    });
    return this.client;
  }

  /** Where to send the browser to end the provider session too; undefined when the provider has no end_session_endpoint. */
  async endSessionUrl(idTokenHint: string): Promise<string | undefined> {
    const client = await this.get();
    if (!client.issuer.metadata.end_session_endpoint) return undefined;
    return client.endSessionUrl({ id_token_hint: idTokenHint, post_logout_redirect_uri: this.config.sso.postLogoutRedirectUri });
  }

  private async discover(): Promise<BaseClient> {
    const { issuer: expected, clientId, clientSecret, redirectUri, postLogoutRedirectUri } = this.config.sso;
    let issuer: Issuer;
    try {
      issuer = await Issuer.discover(expected!);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, issuer: expected }, 'OpenID provider discovery failed');
      throw unavailable();
    }
    // Tokens are checked against this value (iss): it must be exactly the configured one.
    if (issuer.metadata.issuer !== expected) {
      this.logger.error({ configured: expected, announced: issuer.metadata.issuer }, 'the provider announces another issuer: set OIDC_ISSUER to exactly that value');
      throw unavailable();
    }
    const client = new issuer.Client({
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    });
    client[custom.clock_tolerance] = CLOCK_TOLERANCE_SECONDS;
    this.logger.log({ issuer: expected }, 'OpenID provider discovered');
    return client;
  }
}
