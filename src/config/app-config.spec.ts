import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives defaults that run on one machine', () => {
    const config = loadConfig({});
    expect(config.role).toBe('all');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it('bootstraps an admin out of the box only: development on the embedded database, or ADMIN_EMAIL', () => {
    expect(loadConfig({}).identity.bootstrapAdminEmail).toBe('admin@guichet.localhost');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/guichet' }).identity.bootstrapAdminEmail).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production' }).identity.bootstrapAdminEmail).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', ADMIN_EMAIL: 'DSI@Ville.fr' }).identity.bootstrapAdminEmail).toBe('dsi@ville.fr');
  });

  it('takes the role from the command line over the environment', () => {
    expect(loadConfig({ APP_ROLE: 'api' }, 'worker').role).toBe('worker');
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be an integer between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres: or postgresql:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL is not a valid URL/],
    ['REDIS_URL', 'http://localhost', /REDIS_URL must be a redis:/],
    ['APP_ROLE', 'both', /APP_ROLE must be one of api, worker, all/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['ADMIN_EMAIL', 'admin', /ADMIN_EMAIL must be an e-mail address/],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reports every wrong variable at once', () => {
    try {
      loadConfig({ PORT: 'x', EVENT_MAX_ATTEMPTS: '0' });
      fail('should throw');
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(2);
    }
  });
});
