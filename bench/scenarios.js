'use strict';
/**
 * The bench scenarios: each compares Guichet with a bare Fastify route doing the same work (the
 * baselines of the design's TARGETS.md). An entry:
 *   name         — chosen with `--scenario=<name>` / BENCH_SCENARIO
 *   description  — one line, printed with the results
 *   target       — the ratio TARGETS.md asks for (printed, not enforced)
 *   setup        — optional async ({ guichetUrl, databaseUrl, redisUrl }) => ctx, run once before the load
 *                  (e.g. create an account and log in); its result is passed to guichet()/baseline()
 *   guichet      — (ctx) => autocannon `requests` sent to Guichet (each client loops over them)
 *   baseline     — (ctx) => autocannon `requests` sent to the baseline server
 *   routes       — (app, deps) => registers the baseline route(s) on a bare Fastify instance;
 *                  deps.pg() is a pg Pool, deps.redis() an ioredis client (both made on first use)
 * The first request of each list is sent once to both before the load: same status and same JSON body, or the run stops.
 */
const HEALTH_BODY = { status: 'ok', database: { status: 'up' }, queue: { status: 'up', backend: 'redis' } };

const scenarios = [
  {
    name: 'health',
    description: 'GET /health (SELECT 1 + Redis PING), unauthenticated',
    target: 'guichet/baseline ≥ 0.8 req/s',
    guichet: () => [{ method: 'GET', path: '/health' }],
    baseline: () => [{ method: 'GET', path: '/health' }],
    routes(app, deps) {
      const pool = deps.pg();
      const redis = deps.redis();
      app.get('/health', async () => {
        await Promise.all([pool.query('SELECT 1'), redis.ping()]);
        return HEALTH_BODY;
      });
    },
  },
];

module.exports = { scenarios, byName: (name) => scenarios.find((s) => s.name === name) };
