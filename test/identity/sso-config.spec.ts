import { ConfigError, loadConfig } from '../../src/config/app-config';

/** The SSO variables: OIDC_ISSUER with its client id and secret, URIs derived from PUBLIC_URL. */
describe('SSO configuration', () => {
  const real = { OIDC_ISSUER: 'https://educonnect.example.gouv.fr/idp', OIDC_CLIENT_ID: 'guichet-mairie', OIDC_CLIENT_SECRET: 's3cret' };

  it('without OIDC_ISSUER: the development provider, URIs on PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://famille.mairie.example/' }).sso).toEqual({
      issuer: undefined,
      clientId: 'guichet-dev',
      clientSecret: undefined,
      redirectUri: 'https://famille.mairie.example/api/auth/sso/callback',
      postLogoutRedirectUri: 'https://famille.mairie.example/',
      devPort: 3100,
    });
  });

  it('with a real provider, keeps the issuer exactly as written (it is compared with the tokens’ iss)', () => {
    const sso = loadConfig({ ...real, OIDC_REDIRECT_URI: 'https://portail.example/api/auth/sso/callback' }).sso;
    expect(sso).toMatchObject({ issuer: real.OIDC_ISSUER, clientId: 'guichet-mairie', clientSecret: 's3cret', redirectUri: 'https://portail.example/api/auth/sso/callback' });
    expect(loadConfig({ ...real, OIDC_ISSUER: 'https://idp.example/' }).sso.issuer).toBe('https://idp.example/');
  });

  it.each([
    [{ OIDC_ISSUER: 'https://idp.example' }, ['OIDC_CLIENT_ID is required when OIDC_ISSUER is set', 'OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set']],
    [{ OIDC_CLIENT_ID: 'x' }, ['OIDC_CLIENT_ID is set but OIDC_ISSUER is not (without OIDC_ISSUER the development provider is used)']],
    [{ ...real, OIDC_ISSUER: 'ldap://idp.example' }, ['OIDC_ISSUER must be a https: or http:// URL (got protocol "ldap:")']],
    [{ OIDC_REDIRECT_URI: 'pas une adresse' }, ['OIDC_REDIRECT_URI is not a valid URL']],
    [{ OIDC_DEV_PORT: '-1' }, ['OIDC_DEV_PORT must be an integer between 0 and 65535 (got "-1")']],
  ])('refuses %j naming the variable', (env, problems) => {
    try {
      loadConfig(env);
      throw new Error('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual(problems);
    }
  });
});
