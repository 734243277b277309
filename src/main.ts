import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createHttpApp } from './http-app';
import { startDevSso } from './modules/identity';
import { startDevPayfip } from './modules/payments';
import { EmbeddedPostgresError, EmbeddedPostgresHandle, startEmbeddedPostgres } from './platform/database/embedded-postgres';
import { runMigrations } from './platform/database/migrate';
import { createLogger, NestPinoLogger } from './platform/logging/logger';

/**
 * One build, three roles: `node dist/src/main.js [api|worker|all]` (default `all`, or APP_ROLE).
 * api: HTTP only. worker: outbox relay, event consumers, scheduled jobs. all: both in one process.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env, process.argv[2]);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const say = (msg: string) => console.log(`[guichet] ${msg}`);

  let embedded: EmbeddedPostgresHandle | undefined;
  if (!config.database.url) {
    embedded = await startEmbeddedPostgres(config.database.embeddedDir, config.database.embeddedPort, say);
    config = { ...config, database: { ...config.database, url: embedded.url } };
  }
  if (!config.redisUrl) say('no REDIS_URL: BullMQ runs on its PostgreSQL backend (set REDIS_URL to use Redis)');
  const devSsoStarting = startDevSso(config, say); // no OIDC_ISSUER: the development OpenID provider (api, all)
  const devPayfipStarting = startDevPayfip(config, say); // no PAYFIP_URL: the local PayFiP simulator (api, all)
  const applied = await runMigrations(config.database.url!);
  if (applied.length) say(`migrations applied: ${applied.join(', ')}`);
  const devSso = await devSsoStarting;
  if (devSso) config = { ...config, sso: devSso.sso };
  const devPayfip = await devPayfipStarting;
  if (devPayfip) config = { ...config, payments: devPayfip.payments };

  let app: INestApplicationContext;
  if (config.role === 'worker') {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
    app.useLogger(new NestPinoLogger(createLogger(config.log.level)));
    await app.init();
    say('worker started (outbox relay and event consumers)');
  } else {
    const http = await createHttpApp(AppModule.forRoot(config), config);
    await http.listen(config.http.port, config.http.host);
    app = http;
    say(`${config.role === 'all' ? 'API and worker' : 'API'} listening on http://localhost:${config.http.port} (docs: /api/docs)`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, stopping`);
    await app.close();
    await devSso?.stop();
    await devPayfip?.stop();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error('[guichet] failed to start:', e instanceof EmbeddedPostgresError ? e.message : e);
  process.exit(1);
});
