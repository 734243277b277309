'use strict';
/**
 * Bare Fastify server for one scenario (the baseline): `node bench/baseline-server.js <scenario>`,
 * env PORT, DATABASE_URL, REDIS_URL. No logger, no plugins: only the scenario's route(s) and /__ready.
 * Started by bench/run.js.
 */
const { Pool } = require('pg');
const IORedis = require('ioredis');
const { requireFastify } = require('./lib');
const { byName } = require('./scenarios');

async function main() {
  const scenario = byName(process.argv[2]);
  if (!scenario) throw new Error(`unknown scenario "${process.argv[2]}"`);
  let pool;
  let redis;
  const deps = {
    // Same pool size as Guichet's default DATABASE_POOL_SIZE.
    pg: () => (pool ??= new Pool({ connectionString: process.env.DATABASE_URL, max: 10 })),
    // Same options as Guichet's queue producer connection.
    redis: () => (redis ??= new IORedis(process.env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })),
  };
  const app = requireFastify()({ logger: false });
  scenario.routes(app, deps);
  app.get('/__ready', async () => {
    if (redis && redis.status !== 'ready') throw new Error('redis not ready');
    return { ready: true };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = async () => {
    await app.close();
    await pool?.end();
    redis?.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error('[baseline] failed to start:', e);
  process.exit(1);
});
