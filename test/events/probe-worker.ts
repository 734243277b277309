/**
 * A worker process (relay + consumers) with the probe consumers, for the crash test.
 * Run from source: node -r ts-node/register/transpile-only test/events/probe-worker.ts
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { ProbeModule } from './probe.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'worker');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { imports: [ProbeModule] }), { logger: false, abortOnError: false });
  await app.init();
  process.stdout.write('ready\n');
}

main().catch((e) => {
  process.stderr.write(`probe worker failed: ${e}\n`);
  process.exit(1);
});
